/** Automatic differentiation: the backward pass and the function transformations built on it. */
export { backward, runBackward, type BackwardOptions } from './engine.js';
export { grad, valueAndGrad, jacobian, hessian, noGrad, enableGrad, type GradOptions } from './functional.js';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './gradcheck.js';
export { isGradEnabled } from '../primitives/primitive.js';
