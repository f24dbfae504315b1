/**
 * nabla: tensors with automatic differentiation, and the deep-learning and classical
 * machine-learning methods built on them.
 *
 * @example
 * import * as nb from 'nabla';
 * nb.seed(42);
 * const x = nb.randn([4, 3], { requiresGrad: true });
 * const loss = x.matmul(nb.ones([3, 2])).relu().square().mean();
 * loss.backward(); // x.grad: [4, 3]
 */
export { NablaError, ShapeError, DTypeError, ConfigError, DataError, GraphError, NumericalError, ResourceError, FileSystemError, type ErrorInfo } from './errors.js';
export { Generator, seed, getGenerator, setGenerator } from './random.js';
export { Tensor, isTensor, type NestedArray, type TensorOptions } from './tensor/tensor.js';
export { type DType, type TypedArray, DTYPES, promoteTypes, setAllocationLimit, getAllocationLimit } from './tensor/dtype.js';
export { broadcastShapes } from './tensor/shape.js';
export { setBackend, getBackend, listBackends, registerBackend } from './backend/registry.js';
export { setThreads, getThreads, initWasm } from './backend/wasm/index.js';
export type { Backend, Kernels, KernelName } from './backend/contract.js';
export {
  backward,
  grad,
  valueAndGrad,
  jacobian,
  hessian,
  noGrad,
  enableGrad,
  isGradEnabled,
  gradcheck,
  type BackwardOptions,
  type GradOptions,
  type GradcheckOptions,
  type GradcheckResult,
} from './autograd/index.js';
export * from './ops/index.js';
export * from './nn/index.js';
export * as optim from './optim/index.js';
export * from './train/index.js';
export * from './data/index.js';
export * from './io/index.js';
export * as linalg from './linalg/index.js';
export * as ml from './ml/index.js';
export * as models from './models/index.js';
