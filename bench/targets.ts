/** The targets, checked against the figures; a miss is reported, never hidden. */
export interface TargetCheck {
  benchmark: string;
  measure: string;
  value: string;
  target: string;
  met: boolean;
}

type Results = Record<string, unknown>;

const KB = 1024;

function field(results: Results, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) => (typeof value === 'object' && value !== null ? (value as Results)[key] : undefined),
      results,
    );
}

const number = (results: Results, path: string): number => Number(field(results, path) ?? Number.NaN);

export function checkTargets(results: Results): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ratio = number(results, 'headSampling.ratio');
  checks.push({
    benchmark: 'HEAD sampling',
    measure: 'share of ideal throughput',
    value: `${ratio}`,
    target: '≥ 0.9',
    met: ratio >= 0.9,
  });
  const growth = number(results, 'listing.heapGrowthMb');
  checks.push({
    benchmark: 'listing 1,000,000',
    measure: 'heap growth after GC, first → last tenth',
    value: `${growth} MB`,
    target: '< 5 MB (flat)',
    met: growth < 5,
  });
  const ms = number(results, 'eventBatch.ms');
  checks.push({
    benchmark: 'event batch',
    measure: '10,000 records',
    value: `${ms} ms`,
    target: '< 200 ms',
    met: ms < 200,
  });
  const publishes = number(results, 'eventBatch.publishes');
  const paging = number(results, 'eventBatch.pagingCauses');
  checks.push({
    benchmark: 'event batch',
    measure: 'publishes = paging causes',
    value: `${publishes} / ${paging}`,
    target: 'equal',
    met: publishes === paging,
  });
  const bundles = (field(results, 'bundles') ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, bundle] of Object.entries(bundles)) {
    const bytes = Number(bundle.bytes);
    const gzip = Number(bundle.gzipBytes);
    checks.push({
      benchmark: `bundle ${name}`,
      measure: 'size (raw)',
      value: `${Math.round(bytes / KB)} KB`,
      target: '< 500 KB',
      met: bytes < 500 * KB,
    });
    checks.push({
      benchmark: `bundle ${name}`,
      measure: 'size (gzip)',
      value: `${Math.round(gzip / KB)} KB`,
      target: '< 500 KB',
      met: gzip < 500 * KB,
    });
    const init = Number(bundle.initMs ?? Number.NaN);
    checks.push({
      benchmark: `bundle ${name}`,
      measure: 'init, median of 10',
      value: Number.isNaN(init) ? String(bundle.initError) : `${init} ms`,
      target: '< 150 ms',
      met: init < 150,
    });
  }
  return checks;
}
