/**
 * Masks travel beside the tensors they belong to, as in Keras, without growing `Tensor`: a weak map
 * from a layer's output to its mask ([batch, time] booleans: true = a real step, false = padding).
 * `Layer._call` reads the masks of its inputs from here, hands them to `forward` through the call
 * context and stores what `computeMask` returns on the outputs, so masks flow through Sequential and
 * functional models to the layers that read them (recurrent layers, pooling over time, losses).
 *
 * @example
 * const ids = nb.tensor([[3, 5, 0, 0]], { dtype: 'int32' });
 * const h = nb.layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true }).call(ids);
 * nb.getMask(h); // [[true, true, false, false]]
 */
import { ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { MaskArg } from './call-context.js';

const masks = new WeakMap<Tensor, Tensor>();

/** The mask attached to `t` by the layer that produced it, or null. */
export function getMask(t: Tensor): Tensor | null {
  return masks.get(t) ?? null;
}

/** Attaches `mask` to `t` (null removes it). A mask must be bool or numeric with t's leading dimensions. */
export function setMask(t: Tensor, mask: Tensor | null): void {
  if (mask === null) {
    masks.delete(t);
    return;
  }
  if (mask.rank > t.rank || mask.shape.some((d, i) => d !== t.shape[i])) {
    throw new ShapeError({ op: 'setMask', arg: 'mask', expected: `leading dimensions of ${fmtShape(t.shape)}`, received: mask });
  }
  masks.set(t, mask);
}

/** The masks of a call's inputs: one mask (or null) for one input, a list for several; null when none has one. */
export function masksOf(inputs: readonly Tensor[], many: boolean): MaskArg {
  if (!many) return getMask(inputs[0]!);
  const list = inputs.map(getMask);
  return list.some((m) => m !== null) ? list : null;
}

/** Attaches masks returned by `computeMask` to a layer's outputs. */
export function attachMasks(outputs: readonly Tensor[], mask: MaskArg): void {
  if (mask === null) return;
  if (Array.isArray(mask)) {
    (mask as readonly (Tensor | null)[]).forEach((m, i) => {
      if (outputs[i] && m) setMask(outputs[i]!, m);
    });
    return;
  }
  // One mask for several outputs (a recurrent layer's sequence and states): it belongs to those
  // outputs that have its leading dimensions.
  const m = mask as Tensor;
  for (const o of outputs) if (m.rank <= o.rank && m.shape.every((d, i) => d === o.shape[i])) masks.set(o, m);
}
