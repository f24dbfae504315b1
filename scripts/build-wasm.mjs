#!/usr/bin/env node
// Compiles the AssemblyScript kernels in asm/ into dist/backend/wasm/: four variants, with and
// without relaxed SIMD (chosen at run time by feature detection) and with a shared memory (threads)
// or a private one (browsers without cross-origin isolation). `--if-stale` skips the work when every
// output is newer than every source. Usable from code: `await buildWasm({ ifStale: true })`.
import { mkdirSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'asm');
const outDir = join(root, 'dist', 'backend', 'wasm');

/** Pages of 64 KiB: the modules import a memory of at least INITIAL and at most MAXIMUM pages. */
const INITIAL = 32;
const MAXIMUM = 65536;

export const VARIANTS = [
  { file: 'nabla-simd.wasm', features: 'simd', shared: false },
  { file: 'nabla-relaxed.wasm', features: 'simd,relaxed-simd', shared: false },
  { file: 'nabla-simd-mt.wasm', features: 'simd,threads', shared: true },
  { file: 'nabla-relaxed-mt.wasm', features: 'simd,relaxed-simd,threads', shared: true },
];

function newestSource() {
  let t = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  for (const f of readdirSync(srcDir)) if (f.endsWith('.ts')) t = Math.max(t, statSync(join(srcDir, f)).mtimeMs);
  return t;
}

function isStale() {
  const src = newestSource();
  return VARIANTS.some((v) => {
    const p = join(outDir, v.file);
    return !existsSync(p) || statSync(p).mtimeMs < src;
  });
}

/** Builds every variant (or nothing when `ifStale` and all are up to date). Returns the output folder. */
export async function buildWasm({ ifStale = false, quiet = false } = {}) {
  if (ifStale && !isStale()) return outDir;
  const { default: asc } = await import('assemblyscript/asc');
  mkdirSync(outDir, { recursive: true });
  for (const v of VARIANTS) {
    const args = [
      join(srcDir, 'index.ts'),
      '-O3',
      '--noAssert',
      '--runtime', 'stub',
      '--enable', v.features,
      '--importMemory',
      '--initialMemory', String(INITIAL),
      '--maximumMemory', String(MAXIMUM),
      '--outFile', join(outDir, v.file),
    ];
    if (v.shared) args.push('--sharedMemory');
    let log = '';
    const sink = { write: (s) => ((log += String(s)), true) };
    const { error } = await asc.main(args, { stdout: sink, stderr: sink });
    if (error) throw new Error(`build-wasm: ${v.file} failed: ${error.message}\n${log}`);
    if (!quiet) process.stdout.write(`build-wasm: ${join('dist', 'backend', 'wasm', v.file)} (${statSync(join(outDir, v.file)).size} bytes)\n`);
  }
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildWasm({ ifStale: process.argv.includes('--if-stale') }).catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
