/** The `js` reference backend: every kernel of the contract, every dtype, plain TypeScript. */
import type { Backend, Kernels } from '../contract.js';
import { binary, cast, unary, where } from './elementwise.js';
import { cumsum, reduce } from './reduce.js';
import { matmul } from './matmul.js';
import { concat, copy, gather, pad, random, scatterAdd } from './movement.js';
import { col2im, im2col, maxPoolIndices } from './conv.js';
import { avgPool, avgPoolBackward, maxPool } from './pool.js';
import { conv2d, conv2dBackwardFilter, conv2dBackwardInput } from './conv-gemm.js';
import { cholesky, lu, luSolve, qr, triangularSolve } from './linalg.js';
import { eigh, svd } from './linalg-spectral.js';

export const jsKernels: Kernels = { unary, binary, where, reduce, cumsum, matmul, copy, pad, concat, gather, scatterAdd, cast, random, im2col, col2im, maxPoolIndices, maxPool, avgPool, avgPoolBackward,
  conv2d, conv2dBackwardInput, conv2dBackwardFilter,
  cholesky, lu, luSolve, triangularSolve, qr, eigh, svd };

export const jsBackend: Backend = { name: 'js', kernels: jsKernels };
