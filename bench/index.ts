/**
 * `npm run bench`: nabla side by side with TensorFlow.js (cpu and wasm backends) and PyTorch CPU
 * (when `/usr/bin/python3 -c 'import torch'` works), in one run. Each peer runs each workload group
 * in its own child process, one at a time, so peak RSS is its own and no run competes for cores.
 *
 *   npm run bench                      the full table
 *   npm run bench -- --json out.json   also writes the results as JSON
 *   npm run bench -- --only sgemm,mlp  some groups (sgemm, mlp, cnn)
 *   npm run bench -- --quick           fewer repeats, smaller sizes (a smoke test)
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type ChildConfig, type ChildReport, type Group, type Outcome, WORKLOADS } from './common.js';
import { renderTable, type Column } from './table.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = flag('--quick');
const groups = (option('--only')?.split(',') ?? ['sgemm', 'mlp', 'cnn']) as Group[];
const threads = Number(option('--threads') ?? availableParallelism());
const jsonPath = option('--json');
const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

const SIZES = quick ? [256, 512] : [256, 512, 1024, 2048];
/** Scalar JavaScript peers reach ~1 GFLOP/s: 2048³ would take half a minute per run. */
const SLOW_SIZES = SIZES.filter((n) => n <= 1024);

interface Peer {
  id: string;
  /** Command and arguments; the config JSON is appended. */
  cmd: string[];
  extra: Record<string, unknown>;
  sizes: number[];
  groups?: Group[];
}

const tsx = [process.execPath, '--import', 'tsx'];
// Node 20 compiles relaxed-SIMD modules only with this flag, and it must be given at start-up: the
// nabla module compiles its kernels while it is imported, before a child's own code could set it.
const tsxRelaxed = [process.execPath, '--experimental-wasm-relaxed-simd', '--import', 'tsx'];
const PEERS: Peer[] = [
  { id: 'nabla', cmd: [...tsxRelaxed, `${here}nabla.ts`], extra: { backend: 'wasm', relaxed: true }, sizes: SIZES },
  { id: 'nabla 1 thread', cmd: [...tsxRelaxed, `${here}nabla.ts`], extra: { backend: 'wasm', relaxed: true, threadsOverride: 1 }, sizes: SIZES, groups: ['sgemm'] },
  { id: 'nabla no relaxed', cmd: [...tsx, `${here}nabla.ts`], extra: { backend: 'wasm', relaxed: false }, sizes: SIZES, groups: ['sgemm'] },
  { id: 'nabla js', cmd: [...tsx, `${here}nabla.ts`], extra: { backend: 'js', relaxed: false }, sizes: SLOW_SIZES, groups: ['sgemm'] },
  { id: 'tfjs-cpu', cmd: [...tsx, `${here}tfjs.ts`], extra: { backend: 'cpu' }, sizes: SLOW_SIZES },
  { id: 'tfjs-wasm', cmd: [...tsx, `${here}tfjs.ts`], extra: { backend: 'wasm' }, sizes: SIZES },
  { id: 'torch', cmd: ['/usr/bin/python3', `${here}torch-peer.py`], extra: {}, sizes: SIZES },
];

function torchAvailable(): string | null {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'not available (no /usr/bin/python3 with torch)';
}

function runChild(peer: Peer, group: Group): ChildReport | string {
  const threadsFor = (peer.extra.threadsOverride as number | undefined) ?? threads;
  const cfg: ChildConfig & Record<string, unknown> = {
    group,
    sizes: peer.sizes,
    repeats: quick ? 3 : 7,
    minRepeatSeconds: quick ? 0.05 : 0.25,
    threads: threadsFor,
    peer: peer.id,
    workloads: [group],
    ...peer.extra,
  };
  const [cmd, ...rest] = peer.cmd;
  const r = spawnSync(cmd!, [...rest, JSON.stringify(cfg)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24, timeout: 30 * 60_000 });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('BENCH_RESULT ') || l.startsWith('{"version"'));
  if (r.status !== 0 || !line) return `failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-1)[0]?.slice(0, 80) ?? 'no output'}`;
  if (line.startsWith('{"version"')) {
    // The PyTorch child prints its own shape.
    const t = JSON.parse(line) as { version: string; threads: number; results: Record<string, number>; peakRssMiB: number };
    return { peer: peer.id, info: `PyTorch ${t.version} CPU, ${t.threads} threads`, results: t.results, peakRssMiB: t.peakRssMiB };
  }
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as ChildReport;
}

const loadBefore = loadavg()[0]!;
const noTorch = torchAvailable();
const results: Record<string, Record<string, Outcome>> = {};
const rss: Record<string, Record<string, number>> = {};
const infos = new Map<string, string>();
for (const peer of PEERS) {
  results[peer.id] = {};
  rss[peer.id] = {};
  for (const group of groups) {
    if (peer.groups && !peer.groups.includes(group)) continue;
    process.stderr.write(`bench: ${peer.id} ${group}…\n`);
    const rep = peer.id === 'torch' && noTorch ? noTorch : runChild(peer, group);
    if (typeof rep === 'string') {
      for (const w of WORKLOADS.filter((w) => w.group === group)) results[peer.id]![w.key] = { skipped: rep };
      continue;
    }
    infos.set(peer.id, rep.info);
    Object.assign(results[peer.id]!, rep.results);
    rss[peer.id]![group] = rep.peakRssMiB;
    for (const w of WORKLOADS.filter((w) => w.group === group && !(w.key in rep.results))) {
      const n = Number(w.key.replace('sgemm', ''));
      const tooSlow = w.group === 'sgemm' && SIZES.includes(n) && !peer.sizes.includes(n);
      results[peer.id]![w.key] = { skipped: tooSlow ? 'skipped: a scalar JavaScript GEMM takes half a minute per run at this size' : 'not run' };
    }
  }
}

const columns: Column[] = PEERS.map((p) => ({ id: p.id, ratio: ['tfjs-cpu', 'tfjs-wasm', 'torch'].includes(p.id) }));
// Other processes competing for the cores distort every column; the load average says how much.
const load = `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`;
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, ${load}`;
const text = renderTable({ machine, groups, columns, results, rss, infos, torchNote: noTorch });
process.stdout.write(text);
if (jsonPath) {
  writeFileSync(jsonPath, JSON.stringify({ machine, date: new Date().toISOString(), threads, infos: Object.fromEntries(infos), results, peakRssMiB: rss }, null, 2));
  process.stdout.write(`\nwrote ${jsonPath}\n`);
}
