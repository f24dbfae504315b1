/** The Node.js entry: everything in the browser-safe entry, with the Node platform adapter installed. */
import { setPlatform } from './platform/index.js';
import { nodePlatform } from './platform/node.js';
import { installWasmBackend, wasmBackend } from './backend/wasm/index.js';
import { registerBackend, setBackend } from './backend/registry.js';

setPlatform(nodePlatform);
// The default backend: WebAssembly SIMD on all cores where it can run; js otherwise (one line says why).
// NABLA_BACKEND=js (or another registered name) chooses one explicitly, e.g. to run the tests on js.
const requested = process.env.NABLA_BACKEND;
if (requested && requested !== 'wasm') {
  registerBackend(wasmBackend);
  setBackend(requested);
} else {
  installWasmBackend((line) => process.stderr.write(`${line}\n`));
}

export * from './index.js';
export * as viz from './viz/index.js';
