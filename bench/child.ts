/**
 * What every benchmark process does at its end: print one JSON line with its figures and the
 * process's own peak resident memory, so benchmarks never share (or pollute) a heap.
 */
export const RESULT_MARKER = 'BENCH_RESULT ';

/** Peak resident set size of this process so far, in MB (Linux reports maxRSS in kilobytes). */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

export function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) throw new RangeError('median of no values');
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Ends a benchmark process: its result, with peak memory, on one marked stdout line. */
export function reportResult(result: Record<string, unknown>, withPeakRss = true): void {
  const document = withPeakRss ? { ...result, peakRssMb: peakRssMb() } : result;
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(document)}\n`);
}
