#!/usr/bin/env node
// The `nabla` command: runs the compiled CLI in dist/ (in a checkout, run `npm run build` first,
// or use `npx tsx src/cli/main.ts` during development).
import v8 from 'node:v8';

// Node 20 accepts relaxed-SIMD WebAssembly (fused multiply-add: GEMM ~1.4x faster) only behind a
// flag. The command owns its process, so it turns the flag on before any module is compiled; the
// kernels are feature-detected, so if this has no effect the plain-SIMD build runs instead.
try {
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
} catch {
  // not fatal: plain SIMD
}

let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (e) {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/cli/main.js')) {
    process.stderr.write('nabla: the compiled CLI (dist/cli/main.js) is missing; run `npm run build` first\n');
    process.exit(1);
  }
  throw e;
}
const code = await cli.main(process.argv.slice(2));
// Exit explicitly: worker threads of a compute backend must not keep the command alive.
process.exit(code);
