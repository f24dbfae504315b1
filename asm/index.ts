// Entry of nabla's WebAssembly kernels. Every export takes the byte address of an i32 descriptor
// block, so one calling convention serves the calling thread and the workers alike.
export { gemm, gemmWorkBytes } from './gemm';
export { im2col, col2im } from './conv';
export { unary } from './unary';
export { binary } from './binary';
export { reduce } from './reduce';
export { maxPoolIndices } from './pool';
export { maxPool } from './max-pool';
export { avgPool, avgPoolBackward } from './avg-pool';
