/** The public ops: creation, elementwise, reductions, shape/movement, matrix products. */
import './methods.js';

export * from './create.js';
export * from './random.js';
export * from './elementwise.js';
export * from './reduce.js';
export * from './shape.js';
export * from './matmul.js';
export * from './conv.js';
export * from './pool.js';
export * from './image.js';
