/**
 * Backend selection and kernel dispatch. The active backend's kernels are merged over the js
 * reference once, when the backend is chosen: a kernel the backend lacks is the reference one, and
 * a kernel that declines a call (returns false) falls through to the reference for that call.
 */
import { ConfigError } from '../errors.js';
import type { Backend, KernelName, Kernels } from './contract.js';
import { jsBackend, jsKernels } from './js/index.js';

const backends = new Map<string, Backend>([['js', jsBackend]]);
let active: Backend = jsBackend;
let dispatch: Kernels = jsKernels;

function compose(b: Backend): Kernels {
  if (b === jsBackend) return jsKernels;
  const merged: Record<string, unknown> = { ...jsKernels };
  for (const name of Object.keys(b.kernels) as KernelName[]) {
    const fast = b.kernels[name] as ((...args: unknown[]) => void | false) | undefined;
    const ref = jsKernels[name] as (...args: unknown[]) => void;
    if (!fast) continue;
    merged[name] = (...args: unknown[]) => {
      if (fast(...args) === false) ref(...args);
    };
  }
  return merged as unknown as Kernels;
}

/** Makes a backend available to `setBackend` under its name. */
export function registerBackend(b: Backend): void {
  backends.set(b.name, b);
}

/** Chooses the backend every later op runs on. Throws a ConfigError for unknown or unusable ones. */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) throw new ConfigError(`setBackend: unknown backend ${JSON.stringify(name)}; available: ${[...backends.keys()].join(', ')}`);
  if (b.init && !b.init()) throw new ConfigError(`setBackend: backend ${JSON.stringify(name)} cannot run here`);
  active = b;
  dispatch = compose(b);
}

/** The name of the active backend. */
export function getBackend(): string {
  return active.name;
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/** The kernels of the active backend (with reference fallbacks). Primitives call compute only through this. */
export function kernels(): Kernels {
  return dispatch;
}

/** The reference kernels, for conformance tests. */
export function referenceKernels(): Kernels {
  return jsKernels;
}
