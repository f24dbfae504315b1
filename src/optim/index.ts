/**
 * `nb.optim`: optimizers (the class owns per-parameter state, a plain function from updates.ts
 * does the maths), learning-rate schedules and gradient clipping.
 *
 * @example
 * const opt = nb.optim.adam({ learningRate: 1e-3 }, model.parameters());
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export { Optimizer, type OptimizerOptions, type OptimizerState, type Slots, BASE_OPTIONS } from './optimizer.js';
export * from './optimizers.js';
export * from './schedules.js';
export * from './clip.js';
export * as updates from './updates.js';
export * from './newton.js';
