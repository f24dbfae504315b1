/**
 * The call protocol's context (Keras 3's rule). Every layer call runs inside a `CallContext`: the
 * training mode, the mask of this call's inputs, its keyword inputs (`initialState`…), and a sink
 * for the losses layers add. A layer called inside another layer's `forward` — through `_call` from a
 * model, or through `layer.call(x)` written by a user — gets a child of the running context: it
 * inherits the training mode (unless given one explicitly) and its added losses reach the outermost
 * call, so a BatchNormalization or Dropout nested in a custom block behaves exactly as it would at the
 * top of a model.
 *
 * @example
 * class Block extends nb.Layer {
 *   bn = nb.layers.batchNormalization();
 *   override forward(x: nb.Tensor) { return this.bn.call(x).relu(); } // trains when the model trains
 * }
 */
import type { Tensor } from '../tensor/tensor.js';

/** A mask for one input (true/1 = keep the step), or one per input of a multi-input layer. */
export type MaskArg = Tensor | null | readonly (Tensor | null)[];

/** Keyword inputs of one call: tensors (or lists of tensors) by name, e.g. `initialState`. */
export type KeywordInputs = Readonly<Record<string, Tensor | readonly Tensor[]>>;

interface LossSink {
  readonly losses: Tensor[];
}

export class CallContext {
  /** Training mode: dropout drops, batch normalisation uses batch statistics and updates its averages. */
  readonly training: boolean;
  /** The mask of this call's inputs (null when none). */
  readonly mask: MaskArg;
  /** Keyword inputs of this call (`initialState`, …). */
  readonly kwargs: KeywordInputs;
  /**
   * True during shape inference (`computeOutputShape`'s probe): a layer must not update state, draw
   * from a generator that it would otherwise advance, or do anything beyond computing shapes.
   */
  readonly probing: boolean;
  private readonly sink: LossSink;

  constructor(training: boolean, options: { mask?: MaskArg; kwargs?: KeywordInputs; probing?: boolean; sink?: LossSink } = {}) {
    this.training = training;
    this.mask = options.mask ?? null;
    this.kwargs = options.kwargs ?? {};
    this.probing = options.probing ?? false;
    this.sink = options.sink ?? { losses: [] };
  }

  /** Adds a term to the training loss (activity regularisation, auxiliary losses, a VAE's KL). */
  addLoss(t: Tensor): void {
    this.sink.losses.push(t);
  }

  /** Every loss added during the outermost call so far (shared by all nested contexts). */
  get losses(): Tensor[] {
    return this.sink.losses;
  }

  /** A context for a nested call: same loss sink and probing flag; mode, mask and keywords of its own. */
  child(options: { training?: boolean; mask?: MaskArg; kwargs?: KeywordInputs } = {}): CallContext {
    return new CallContext(options.training ?? this.training, {
      mask: options.mask ?? null,
      kwargs: options.kwargs ?? {},
      probing: this.probing,
      sink: this.sink,
    });
  }
}

let current: CallContext | null = null;

/** The context of the layer call running now, or null outside any layer's `forward`. */
export function currentCallContext(): CallContext | null {
  return current;
}

/** Runs `fn` with `ctx` as the running context (restored afterwards, even on throw). */
export function withCallContext<T>(ctx: CallContext, fn: () => T): T {
  const prev = current;
  current = ctx;
  try {
    return fn();
  } finally {
    current = prev;
  }
}
