/**
 * Masking (Keras's `Masking`): marks the time steps whose features all equal `maskValue` as padding.
 * The output is the input with those steps zeroed, and it carries the mask ([batch, time] bools) so
 * recurrent layers skip the steps and losses ignore them.
 *
 * @example
 * const x = nb.tensor([[[1, 2], [0, 0]]]);           // [batch 1, time 2, features 2]
 * const y = nb.layers.masking({ maskValue: 0 }).call(x);
 * nb.getMask(y);                                    // [[true, false]]
 */
import type { Tensor } from '../../tensor/tensor.js';
import { mul, notEqual } from '../../ops/elementwise.js';
import { any } from '../../ops/reduce.js';
import { unsqueeze } from '../../ops/shape.js';
import { checkNumber, checkOptions } from '../../check.js';
import { ShapeError, fmtShape } from '../../errors.js';
import { LAYER_ARGS, Layer, type LayerArgs } from '../layer.js';
import type { MaskArg } from '../call-context.js';
import type { JsonObject } from '../options.js';
import type { SymbolicShape } from '../symbolic.js';
import { registerLayer } from '../registry.js';

export interface MaskingArgs extends LayerArgs {
  /** Steps whose every feature equals this value are masked. Default 0. */
  maskValue?: number;
}

export class Masking extends Layer {
  static override readonly className = 'Masking';
  static {
    registerLayer(this);
  }
  readonly maskValue: number;
  override supportsMasking = true;

  constructor(args: MaskingArgs = {}) {
    checkOptions('masking', args, [...LAYER_ARGS, 'maskValue']);
    super(args);
    this.maskValue = checkNumber('masking', 'maskValue', args.maskValue ?? 0);
  }

  private stepMask(x: Tensor): Tensor {
    if (x.rank < 2) throw new ShapeError({ op: this.label, detail: `expected [batch, time, ...features], got ${fmtShape(x.shape)}` });
    return x.rank === 2 ? notEqual(x, this.maskValue) : any(notEqual(x, this.maskValue), -1);
  }

  override forward(x: Tensor): Tensor {
    const m = this.stepMask(x);
    return x.rank === 2 ? mul(x, m.cast(x.dtype)) : mul(x, unsqueeze(m, -1).cast(x.dtype));
  }

  override computeMask(x: Tensor | Tensor[]): MaskArg {
    return this.stepMask(Array.isArray(x) ? x[0]! : x);
  }

  override computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s;
  }

  override getConfig(): JsonObject {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}
