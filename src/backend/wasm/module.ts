/**
 * Finding and compiling the kernels. The build writes four variants next to the compiled backend
 * (`dist/backend/wasm/`): with or without relaxed SIMD, with a shared memory (threads) or a private
 * one. Relaxed SIMD is used where the runtime accepts it (Node ≥ 22, current browsers; Node 20 with
 * `--experimental-wasm-relaxed-simd`); the shared variants where `SharedArrayBuffer` exists (Node;
 * cross-origin-isolated pages).
 *
 * Node compiles synchronously on first use. Browsers cannot read files synchronously (and limit
 * synchronous compilation on the main thread), so they call `initWasm()` once, which fetches and
 * compiles asynchronously.
 */
import { wasmHost } from './host.js';

export type VariantName = 'nabla-simd' | 'nabla-relaxed' | 'nabla-simd-mt' | 'nabla-relaxed-mt';

export interface CompiledKernels {
  readonly module: WebAssembly.Module;
  /** Built with relaxed-SIMD fused multiply-add. */
  readonly relaxed: boolean;
  /** Imports a shared memory (threads possible). */
  readonly shared: boolean;
  readonly variant: VariantName;
}

/** Where the compiled variants may be: beside this file (dist), or in dist/ when running from src/. */
function locations(file: string): URL[] {
  return [new URL(`./${file}`, import.meta.url), new URL(`../../../dist/backend/wasm/${file}`, import.meta.url)];
}

export function sharedMemorySupported(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/** The variants to try, best first. */
function preference(shared: boolean, allowRelaxed: boolean): VariantName[] {
  const order: VariantName[] = shared ? ['nabla-relaxed-mt', 'nabla-simd-mt'] : ['nabla-relaxed', 'nabla-simd'];
  return allowRelaxed ? order : order.filter((v) => !v.includes('relaxed'));
}

function describe(variant: VariantName, module: WebAssembly.Module): CompiledKernels {
  return { module, variant, relaxed: variant.includes('relaxed'), shared: variant.endsWith('-mt') };
}

const binaries = new Map<VariantName, Uint8Array>();

/** Supplies compiled bytes directly (a bundler that inlines the .wasm, or a test). */
export function provideBinary(variant: VariantName, bytes: Uint8Array): void {
  binaries.set(variant, bytes);
}

function readVariant(variant: VariantName): Uint8Array | null {
  const given = binaries.get(variant);
  if (given) return given;
  for (const url of locations(`${variant}.wasm`)) {
    const bytes = wasmHost().readBinary(url);
    if (bytes) return bytes;
  }
  return null;
}

/**
 * Compiles the best variant this runtime accepts, synchronously. Returns a reason string when none
 * can be used (no WebAssembly, no SIMD, kernels not built or not yet fetched in a browser).
 */
export function compileKernels(options: { allowRelaxed?: boolean; shared?: boolean } = {}): CompiledKernels | string {
  if (typeof WebAssembly !== 'object') return 'WebAssembly is not available';
  const shared = options.shared ?? sharedMemorySupported();
  let missing = 0;
  let lastError = '';
  for (const variant of preference(shared, options.allowRelaxed ?? true)) {
    const bytes = readVariant(variant);
    if (!bytes) {
      missing++;
      continue;
    }
    try {
      return describe(variant, new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
    } catch (e) {
      lastError = (e as Error).message;
    }
  }
  if (missing === 2) {
    return wasmHost().name === 'browser'
      ? 'the kernels are not loaded yet (call `await initWasm()` first)'
      : 'the compiled kernels are missing (run `npm run build`)';
  }
  return `this runtime rejects the kernels (WebAssembly SIMD needed): ${lastError}`;
}

/**
 * Fetches and compiles the kernels asynchronously (browsers; optional in Node). `baseUrl` is the
 * folder holding the `.wasm` files (default: beside this module).
 */
export async function fetchKernels(baseUrl?: string | URL): Promise<void> {
  const shared = sharedMemorySupported();
  const fetchFn = (globalThis as { fetch?: (u: URL) => Promise<{ ok: boolean; arrayBuffer(): Promise<ArrayBuffer> }> }).fetch;
  for (const variant of preference(shared, true)) {
    if (binaries.has(variant)) continue;
    const url = baseUrl ? new URL(`${variant}.wasm`, baseUrl) : locations(`${variant}.wasm`)[0]!;
    const local = wasmHost().readBinary(url);
    if (local) {
      binaries.set(variant, local);
      continue;
    }
    if (!fetchFn) continue;
    try {
      const res = await fetchFn(url);
      if (res.ok) binaries.set(variant, new Uint8Array(await res.arrayBuffer()));
    } catch {
      // Missing variants are skipped; compileKernels reports when none is usable.
    }
  }
}
