/** `nb.nn`: the functional twins of the layers (`nb.nn.functional.dense(x, w, b)`). */
export * as functional from './functional.js';
