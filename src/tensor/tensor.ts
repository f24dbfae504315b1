/**
 * The Tensor: a shape, a dtype and contiguous row-major storage in a typed array.
 *
 * This file holds only what a tensor *is*. What a tensor *does* (add, matmul, backward…) is defined
 * once as a function in `ops/` or `autograd/` and attached as a method by `ops/methods.ts`, so the
 * layers below ops never import the layers above them.
 */
import { DTypeError, ShapeError } from '../errors.js';
import { type DType, type TypedArray, dtypeOfArray, isFloat } from './dtype.js';
import { type Shape, sizeOf } from './shape.js';
import { formatTensor } from './format.js';

/**
 * What the autograd tape keeps for one recorded op: the primitive's vector-Jacobian product, its
 * inputs and parameters, and anything it saved. It lives on the output tensor, so when the output
 * is no longer referenced the whole recorded history is garbage-collected with it.
 */
export interface GradNode {
  /** Primitive name, for error messages and debugging. */
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Computes the input gradients from the output gradient `g`; null where an input needs none. */
  readonly vjp: (g: Tensor) => readonly (Tensor | null)[];
}

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

let nextId = 1;

export class Tensor {
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Unique id (stable ordering for the tape and for debugging). */
  readonly id: number;
  /** Contiguous row-major storage; reshape shares it. */
  protected _data: TypedArray;
  /** Accumulated gradient after `backward()`; null before. */
  grad: Tensor | null = null;
  /** The recorded op that produced this tensor, when it was made with grad recording on. */
  _node: GradNode | null = null;
  private _requiresGrad = false;
  /** Whether backward() should keep this non-leaf tensor's gradient (PyTorch's retain_grad). */
  _retainGrad = false;

  /** Internal: wraps storage without copying. Use `nb.tensor()` and friends to create tensors. */
  constructor(data: TypedArray, shape: Shape, dtype: DType = dtypeOfArray(data)) {
    this._data = data;
    // A private copy; `readonly` guards it at compile time (Object.freeze costs ~15% of a small op).
    this.shape = shape.slice();
    this.dtype = dtype;
    this.id = nextId++;
  }

  /** Number of elements. */
  get size(): number {
    return this._data.length;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Alias of `rank` (NumPy's name). */
  get ndim(): number {
    return this.shape.length;
  }

  /** Whether gradients flow to this tensor: a leaf marked by the user, or the result of an op on one. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(v: boolean) {
    if (v && !isFloat(this.dtype)) {
      throw new DTypeError(`requiresGrad: only float32 and float64 tensors can require gradients, this one is ${this.dtype}`);
    }
    this._requiresGrad = v;
  }

  /** A tensor with no recorded history (a leaf): not requiring grad, or marked by the user. */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** Marks this tensor as requiring gradients and returns it (PyTorch's `requires_grad_`). */
  requiresGrad_(v = true): this {
    this.requiresGrad = v;
    return this;
  }

  /** Keeps this intermediate tensor's `.grad` after backward (leaves always keep theirs). */
  retainGrad(): this {
    this._retainGrad = true;
    return this;
  }

  /**
   * The storage itself, row-major (not a copy: writing to it changes this tensor and every
   * reshape sharing its storage). Bool tensors are a Uint8Array of 0/1.
   */
  data(): TypedArray {
    return this._data;
  }

  /** Alias of `data()` (TensorFlow.js's name). */
  dataSync(): TypedArray {
    return this._data;
  }

  /** The values as nested JavaScript arrays (booleans for bool tensors); a scalar returns a number. */
  toArray(): NestedArray {
    const d = this._data;
    const isBool = this.dtype === 'bool';
    const shape = this.shape;
    if (shape.length === 0) return isBool ? d[0] !== 0 : d[0]!;
    let offset = 0;
    const build = (dim: number): NestedArray[] => {
      const n = shape[dim]!;
      const out = new Array<NestedArray>(n);
      if (dim === shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = isBool ? d[offset++] !== 0 : d[offset++]!;
      } else {
        for (let i = 0; i < n; i++) out[i] = build(dim + 1);
      }
      return out;
    };
    return build(0);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this._data.length !== 1) {
      throw new ShapeError(`item: only one-element tensors convert to a number, this one has shape [${this.shape.join(',')}]`);
    }
    return this._data[0]!;
  }

  /** Values, shape and dtype, eliding the middle of large tensors (as NumPy and PyTorch print). */
  toString(): string {
    return formatTensor(this._data, this.shape, this.dtype);
  }

  /** Node's util.inspect hook, so console.log shows the values. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** Same storage, no history, not requiring grad. */
  detach(): Tensor {
    return new Tensor(this._data, this.shape, this.dtype);
  }

  /** Internal: a tensor sharing this storage under another shape of the same size. */
  _view(shape: Shape): Tensor {
    if (sizeOf(shape) !== this._data.length) throw new Error('internal: view size mismatch');
    return new Tensor(this._data, shape, this.dtype);
  }
}

export type NestedArray = number | boolean | NestedArray[];

/** True if `x` is a Tensor. */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
