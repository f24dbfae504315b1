/**
 * Variables: the tensors a layer owns (weights and state such as batch-norm moving averages).
 * A Variable is a leaf Tensor with a name and a `trainable` kind; layers find them by walking
 * their own fields, and optimizers update them in place.
 */
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type TypedArray, isFloat } from '../tensor/dtype.js';
import { shapesEqual } from '../tensor/shape.js';

export interface VariableOptions {
  /** Name used in error messages (the layer gives the dotted name when saving). */
  name?: string;
  /**
   * Whether this is a trainable weight (default true). A non-trainable variable (batch-norm's
   * moving mean) is saved with the model but never receives gradients.
   */
  trainable?: boolean;
}

export class Variable extends Tensor {
  /** A trainable weight (true) or state that is only assigned (false). */
  readonly trainable: boolean;
  name: string;

  /** Internal: wraps storage. Use `nb.variable(tensor)` or `Layer#addWeight`. */
  constructor(source: Tensor, options: VariableOptions = {}) {
    super(source.data(), [...source.shape], source.dtype);
    this.trainable = options.trainable ?? true;
    this.name = options.name ?? 'variable';
    if (this.trainable && !isFloat(this.dtype)) {
      throw new DTypeError(`variable '${this.name}': a trainable variable must be float32 or float64, got ${this.dtype}`);
    }
    this.requiresGrad = this.trainable;
  }

  /** Copies `values` into this variable's storage in place (same shape; dtype converted). */
  assign(values: Tensor | TypedArray): this {
    const src = values instanceof Tensor ? values.data() : values;
    if (values instanceof Tensor && !shapesEqual(values.shape, this.shape)) {
      throw new ShapeError(`variable '${this.name}'.assign: expected shape ${fmtShape(this.shape)}, got ${fmtShape(values.shape)}`);
    }
    if (src.length !== this.size) {
      throw new ShapeError(`variable '${this.name}'.assign: expected ${this.size} values, got ${src.length}`);
    }
    this._data.set(src as ArrayLike<number>);
    return this;
  }
}

/**
 * Makes a variable from a tensor's values (copied), trainable unless told otherwise.
 * @example const w = nb.variable(nb.randn([3, 2])); // requiresGrad: true, owned by no graph
 */
export function variable(init: Tensor, options: VariableOptions = {}): Variable {
  const copy = new Tensor(init.data().slice(), [...init.shape], init.dtype);
  return new Variable(copy, options);
}

export function isVariable(x: unknown): x is Variable {
  return x instanceof Variable;
}
