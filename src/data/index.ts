/**
 * The data layer: `nb.data` (pipeline, splits, scaling, encoding) and `nb.datasets` (loaders and
 * synthetic sets).
 */
export * as data from './api.js';
export * as datasets from './datasets/index.js';
export type { Dataset } from './dataset.js';
