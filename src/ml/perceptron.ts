/**
 * Rosenblatt's perceptron (1958): f(x) = 1 if w·x + b > 0 else 0, trained by the perceptron rule
 * w ← w + η(y − f(x))x one sample at a time. It converges exactly when the two classes are
 * linearly separable (AND, OR) and never on XOR, which `converged` reports.
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type Features, type Targets, BaseEstimator, encodeLabels, generatorFor, labelsTensor, tensor64, toMat } from './util.js';
import { accuracyScore } from './metrics.js';
import { checkInt, checkNumber } from '../check.js';

export interface PerceptronOptions {
  /** η, the step of the perceptron rule (default 1). */
  learningRate?: number;
  /** Most epochs (passes over the data; default 1000). */
  maxIter?: number;
  /** Visit the samples in a new random order each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffling (default: the global generator, `nb.seed`). */
  seed?: number | null;
  fitIntercept?: boolean;
}

interface State {
  classes: number[];
  w: Float64Array;
  b: number;
}

/**
 * Binary perceptron classifier.
 * @example const p = new nb.ml.Perceptron().fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 0, 0, 1]); p.converged // true (AND)
 */
export class Perceptron extends BaseEstimator<PerceptronOptions> {
  readonly estimatorType = 'classifier' as const;
  private state: State | null = null;
  /** Whether an epoch passed with no mistakes (the data were separated). */
  converged = false;
  /** Epochs run. */
  nIter = 0;
  /** Mistakes made in each epoch. */
  errorsPerEpoch: number[] = [];

  constructor(options: PerceptronOptions = {}) {
    super('Perceptron', options, { learningRate: 1, maxIter: 1000, shuffle: true, seed: null, fitIntercept: true });
  }

  protected validate(): void {
    checkNumber('Perceptron', 'learningRate', this.params.learningRate, { min: 0, minExclusive: true });
    checkInt('Perceptron', 'maxIter', this.params.maxIter, { min: 1 });
  }

  /** Trains on rows `x` with two classes in `y` (the larger label is the positive one). */
  fit(x: Features, y: Targets): this {
    const m = toMat('Perceptron.fit', 'x', x);
    const { codes, classes } = encodeLabels('Perceptron.fit', y, m.rows);
    if (classes.length !== 2) {
      throw new ConfigError(`Perceptron.fit: the perceptron rule separates two classes, y has ${classes.length} (${classes.join(', ')})`);
    }
    const { learningRate: eta, maxIter, shuffle, fitIntercept } = this.params;
    const gen = generatorFor(this.params.seed ?? undefined);
    const d = m.cols;
    const w = new Float64Array(d);
    let b = 0;
    const order = Array.from({ length: m.rows }, (_, i) => i);
    this.errorsPerEpoch = [];
    this.converged = false;
    this.nIter = 0;
    for (let epoch = 0; epoch < maxIter; epoch++) {
      if (shuffle) gen.shuffle(order);
      let errors = 0;
      for (const i of order) {
        let z = b;
        for (let j = 0; j < d; j++) z += w[j]! * m.data[i * d + j]!;
        const delta = codes[i]! - (z > 0 ? 1 : 0);
        if (delta !== 0) {
          errors++;
          for (let j = 0; j < d; j++) w[j]! += eta * delta * m.data[i * d + j]!;
          if (fitIntercept) b += eta * delta;
        }
      }
      this.errorsPerEpoch.push(errors);
      this.nIter = epoch + 1;
      if (errors === 0) {
        this.converged = true;
        break;
      }
    }
    this.state = { classes, w, b };
    return this;
  }

  /** Weights w, float64 [nFeatures]. */
  get coef(): Tensor {
    const s = this.fitted(this.state, 'coef');
    return tensor64(s.w.slice(), [s.w.length]);
  }

  /** Bias b. */
  get intercept(): number {
    return this.fitted(this.state, 'intercept').b;
  }

  /** w·x + b for each row, float64 [n]. */
  decisionFunction(x: Features): Tensor {
    const s = this.fitted(this.state, 'decisionFunction');
    const m = toMat('Perceptron.decisionFunction', 'x', x);
    if (m.cols !== s.w.length) throw new ShapeError(`Perceptron.decisionFunction: x has ${m.cols} features but the model was fitted on ${s.w.length}`);
    const out = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      let z = s.b;
      for (let j = 0; j < m.cols; j++) z += s.w[j]! * m.data[i * m.cols + j]!;
      out[i] = z;
    }
    return tensor64(out, [m.rows]);
  }

  /** The class of each row: the larger label where w·x + b > 0. */
  predict(x: Features): Tensor {
    const s = this.fitted(this.state, 'predict');
    const z = this.decisionFunction(x).data();
    return labelsTensor(s.classes, Int32Array.from(z, (v) => (v > 0 ? 1 : 0)));
  }

  /** Accuracy on (x, y). */
  score(x: Features, y: Targets): number {
    return accuracyScore(y, this.predict(x));
  }
}
