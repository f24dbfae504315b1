/**
 * The hook through which `model.save`, `saveWeights` and `loadWeights` reach the io/ package,
 * which sits below train/ and registers itself when the public entry loads it.
 */
import { ConfigError } from '../errors.js';
import type { Model } from './model.js';

export interface ModelIO {
  save(model: Model, dir: string): Promise<void>;
  saveWeights(model: Model, file: string): Promise<void>;
  loadWeights(model: Model, file: string): Promise<void>;
}

let io: ModelIO | null = null;

/** Installs the model writer (io/ calls this). */
export function registerModelIO(impl: ModelIO): void {
  io = impl;
}

export function modelIO(op: string): ModelIO {
  if (!io) throw new ConfigError(`model.${op}: saving is not available; import the io module (the public 'nabla' entry does)`);
  return io;
}
