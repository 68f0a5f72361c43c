import { textTable } from './table.js';
import { checkTargets, type TargetCheck } from './targets.js';

type Results = Record<string, unknown>;
type Row = Record<string, string>;

const record = (value: unknown): Results =>
  typeof value === 'object' && value !== null ? (value as Results) : {};
function text(value: unknown): string {
  if (Array.isArray(value)) return value.join(' ');
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([name, inner]) => `${name} ${String(inner)}`)
      .join(', ');
  }
  return String(value ?? '');
}

function figures(results: Results): Row[] {
  const rows: Row[] = [];
  const add = (benchmark: string, values: Results, fields: readonly string[]) => {
    for (const name of fields)
      if (values[name] !== undefined) rows.push({ benchmark, figure: name, value: text(values[name]) });
  };
  add('headSampling', record(results.headSampling), [
    'objects',
    'concurrency',
    'latencyMs',
    'objectsPerSecond',
    'idealObjectsPerSecond',
    'ratio',
    'sequentialObjectsPerSecond',
    'clientCpuMsPerObject',
    'zeroLatencyObjectsPerSecond',
    'socketsOpened',
    'peakRssMb',
  ]);
  add('listing', record(results.listing), [
    'objects',
    'seconds',
    'heapMbAfterGcEveryTenth',
    'peakRssMb',
    'simulatorPeakRssMb',
  ]);
  add('eventBatch', record(results.eventBatch), [
    'records',
    'ms',
    'cpuMs',
    'stagesMs',
    'causes',
    'pagingCauses',
    'publishes',
    'peakRssMb',
  ]);
  for (const [name, bundle] of Object.entries(record(results.bundles))) {
    add(`bundle ${name}`, record(bundle), ['bytes', 'gzipBytes', 'initMs', 'initError']);
  }
  return rows;
}

function requests(results: Results): Row[] {
  const cold = record(results.auditRequests);
  const warm = record(results.auditRequestsWarm);
  const operations = [...new Set([...Object.keys(cold), ...Object.keys(warm)])].sort();
  const rows = operations.map((operation) => ({
    operation,
    cold: text(cold[operation] ?? 0),
    warm: text(warm[operation] ?? 0),
  }));
  const totals = record(results.auditTotals);
  rows.push({ operation: 'total', cold: text(totals.cold), warm: text(totals.warm) });
  return rows;
}

/** Prints the figures, the audit's requests and the targets; returns the target checks. */
export function printReport(results: Results): TargetCheck[] {
  const machine = record(results.machine);
  const targets = checkTargets(results);
  process.stdout.write(
    [
      `Machine: ${text(machine.cpuModel)}, ${text(machine.cores)} cores, ${text(machine.totalMemoryGb)} GB, Node ${text(machine.nodeVersion)}, load ${text(machine.loadAverageAtStart)} → ${text(machine.loadAverageAtEnd)}`,
      '',
      textTable(figures(results)),
      '',
      'AWS requests per audit (10 buckets × 3 rules)',
      textTable(requests(results)),
      '',
      textTable(targets.map((check) => ({ ...check, met: check.met ? 'yes' : 'NO' }))),
      '',
    ].join('\n'),
  );
  return targets;
}
