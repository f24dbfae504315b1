/** The differentiable primitives: the only functions with gradient rules. Everything in ops/ composes them. */
export * from './primitive.js';
export * from './elementwise.js';
export * from './reduce.js';
export * from './movement.js';
export * from './matmul.js';
export * from './conv.js';
