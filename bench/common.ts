/**
 * What every benchmark child shares: the timing rule (medians over repeats after warm-up), the
 * workload list, and the line a child prints for the parent (`BENCH_RESULT {json}`).
 */

/** A measured throughput, or why there is none. */
export type Outcome = number | { skipped: string };

export interface ChildReport {
  peer: string;
  /** Version and settings worth printing (library version, backend variant, threads). */
  info: string;
  results: Record<string, Outcome>;
  /** Peak resident set size of the child process, in MiB. */
  peakRssMiB: number;
}

export type Group = 'sgemm' | 'mlp' | 'cnn';

/** Seconds per call above which a workload is timed with fewer repeats. */
const SLOW_SECONDS = 2;

export interface ChildConfig {
  group: Group;
  sizes: number[];
  repeats: number;
  /** Seconds one timed repeat should last at least (calls are batched to reach it). */
  minRepeatSeconds: number;
  threads: number;
}

/** The unit and label of each workload key. */
export const WORKLOADS: { key: string; group: Group; label: string; unit: string }[] = [
  ...[256, 512, 1024, 2048].map((n) => ({ key: `sgemm${n}`, group: 'sgemm' as Group, label: `sgemm ${n}`, unit: 'GFLOP/s' })),
  { key: 'mlp32', group: 'mlp', label: 'MLP 784-128-10 train, batch 32', unit: 'samples/s' },
  { key: 'mlp128', group: 'mlp', label: 'MLP 784-128-10 train, batch 128', unit: 'samples/s' },
  { key: 'cnnTrain64', group: 'cnn', label: 'CNN train, batch 64', unit: 'samples/s' },
  { key: 'cnnInfer256', group: 'cnn', label: 'CNN inference, batch 256', unit: 'samples/s' },
];

/**
 * Median seconds per call of `fn`: `warmup` calls first, then `repeats` timed repeats, each of as
 * many calls as it takes to last `minRepeatSeconds` (estimated from the warm-up). Calls slower
 * than 2 s get one warm-up and three repeats.
 */
export function medianSeconds(fn: () => void, cfg: Pick<ChildConfig, 'repeats' | 'minRepeatSeconds'>, warmup = 2): number {
  let t0 = performance.now();
  fn();
  let per = (performance.now() - t0) / 1000;
  // Very slow peers (a scalar JavaScript convolution) get one warm-up call and three repeats.
  const slow = per > SLOW_SECONDS;
  if (!slow && warmup > 1) {
    t0 = performance.now();
    for (let i = 1; i < warmup; i++) fn();
    per = (performance.now() - t0) / 1000 / (warmup - 1);
  }
  const inner = Math.max(1, Math.ceil(cfg.minRepeatSeconds / Math.max(per, 1e-6)));
  const times: number[] = [];
  for (let r = 0; r < (slow ? Math.min(3, cfg.repeats) : cfg.repeats); r++) {
    t0 = performance.now();
    for (let i = 0; i < inner; i++) fn();
    times.push((performance.now() - t0) / 1000 / inner);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

/** Deterministic pseudo-random floats in [-1, 1) (the peers draw their own; values do not matter here). */
export function filled(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Prints the child's report for the parent and exits. */
export function report(r: Omit<ChildReport, 'peakRssMiB'>): void {
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ ...r, peakRssMiB })}\n`);
}

/** The child's configuration from its first argument. */
export function childConfig(): ChildConfig {
  return JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
}
