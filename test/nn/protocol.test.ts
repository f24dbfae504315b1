/**
 * The layer protocol (issue 9): nested calls inherit the call context, masks travel with tensors,
 * keyword inputs and state, shape inference that never touches state.
 */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const quiet = { verbose: 0 as const };

class BnBlock extends nb.Layer {
  static override readonly className = 'BnBlock';
  static {
    nb.registerLayer(this);
  }
  bn = nb.layers.batchNormalization();
  override forward(x: nb.Tensor): nb.Tensor {
    return this.bn.call(x);
  }
  override computeOutputShape(s: nb.SymbolicShape): nb.SymbolicShape {
    return s;
  }
}

class DropBlock extends nb.Layer {
  static override readonly className = 'DropBlock';
  drop = nb.layers.dropout({ rate: 0.5 });
  override forward(x: nb.Tensor): nb.Tensor {
    return this.drop.call(x);
  }
}

/** A layer that adds a constant auxiliary loss from a layer nested two levels down. */
class AuxLoss extends nb.Layer {
  static override readonly className = 'AuxLoss';
  constructor(readonly value: number) {
    super();
  }
  override forward(x: nb.Tensor, ctx: nb.CallContext): nb.Tensor {
    ctx.addLoss(nb.tensor(this.value));
    return x;
  }
}
class Outer extends nb.Layer {
  static override readonly className = 'Outer';
  inner = new (class Middle extends nb.Layer {
    aux = new AuxLoss(5);
    override forward(x: nb.Tensor): nb.Tensor {
      return this.aux.call(x);
    }
  })();
  override forward(x: nb.Tensor): nb.Tensor {
    return this.inner.call(x);
  }
}

function data(n = 64, seed = 3) {
  const g = new nb.Generator(seed);
  const x = nb.tensor(Array.from({ length: n }, () => [g.normal(2, 1), g.normal(-1, 3), g.normal(0, 1), g.normal(5, 2)]));
  const y = nb.tensor(Array.from({ length: n }, (_, i) => [x.data()[i * 4]! - x.data()[i * 4 + 1]!]));
  return { x, y };
}

describe('call context: nested layers inherit the training mode and hand their losses up', () => {
  it('a BatchNormalization inside a custom block updates its moving statistics during fit, exactly as when placed directly', async () => {
    const { x, y } = data();
    const run = async (first: nb.Layer) => {
      nb.seed(7);
      const m = nb.sequential([first, nb.layers.dense({ units: 1 })]);
      m.compile({ optimizer: nb.optim.sgd({ learningRate: 0.01 }), loss: 'mse' });
      await m.fit(x, y, { epochs: 2, batchSize: 16, ...quiet });
      return m;
    };
    const nested = new BnBlock({ inputShape: [4] });
    const direct = nb.layers.batchNormalization({ inputShape: [4] });
    await run(nested);
    await run(direct);
    const mean = Array.from(nested.bn.weights.find((w) => w.name.endsWith('movingMean'))!.data());
    expect(mean.every((v) => v !== 0)).toBe(true);
    expect(mean[3]).toBeGreaterThan(0.3); // feature 3 has mean 5: 8 updates at momentum 0.99 moved it 1 − 0.99⁸ of the way
    const directMean = Array.from(direct.weights.find((w) => w.name.endsWith('movingMean'))!.data());
    expect(mean).toEqual(directMean);
  });

  it('a nested Dropout drops in training and not in inference, like a top-level one', () => {
    nb.seed(1);
    const m = nb.sequential([new DropBlock({ inputShape: [1000] })]);
    const ones = nb.ones([1, 1000]);
    const train = m.call(ones, { training: true }).data();
    const zeros = Array.from(train).filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(400);
    expect(zeros).toBeLessThan(600);
    expect(Array.from(train).filter((v) => v !== 0).every((v) => Math.abs(v - 2) < 1e-6)).toBe(true);
    expect(Array.from(m.call(ones).data()).every((v) => v === 1)).toBe(true);
    // An explicit mode on the nested call overrides the inherited one.
    const forced = new (class extends nb.Layer {
      d = nb.layers.dropout({ rate: 0.5 });
      override forward(x: nb.Tensor): nb.Tensor {
        return this.d.call(x, { training: false });
      }
    })();
    expect(Array.from(forced.call(ones, { training: true }).data()).every((v) => v === 1)).toBe(true);
  });

  it('losses added by nested layers are part of the loss fit and evaluate compute', async () => {
    const { x, y } = data(32);
    nb.seed(2);
    const outer = new Outer({ inputShape: [4] });
    const m = nb.sequential([outer, nb.layers.dense({ units: 1 })]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const mse = nb.losses.meanSquaredError(y, await m.predict(x)).item();
    const { loss } = await m.evaluate(x, y, { batchSize: 32 });
    expect(loss).toBeCloseTo(mse + 5, 4);
    const logs = m.trainOnBatch(x, y);
    expect(logs.loss).toBeCloseTo(mse + 5, 4);
    // A top-level call exposes them as layer.losses.
    outer.call(nb.ones([1, 4]));
    expect(outer.losses.map((t) => t.item())).toEqual([5]);
  });
});

/** Makes a mask from token ids (0 = padding) and embeds each id as [id, 1]: an embedding with maskZero, in miniature. */
class ToyEmbed extends nb.Layer {
  static override readonly className = 'ToyEmbed';
  protected override allowedDtypes(): ('float32' | 'float64' | 'int32')[] {
    return ['float32', 'int32'];
  }
  constructor() {
    super();
    this.autoCast = false;
  }
  override forward(ids: nb.Tensor): nb.Tensor {
    const f = ids.cast('float32');
    return nb.stack([f, nb.onesLike(f)], -1);
  }
  override computeMask(ids: nb.Tensor | nb.Tensor[]): nb.MaskArg {
    return (ids as nb.Tensor).notEqual(0);
  }
  override computeOutputShape(s: nb.SymbolicShape): nb.SymbolicShape {
    return [...s, 2];
  }
}

/** Mean over the unmasked time steps (reads the mask from the call context). */
class MaskedMean extends nb.Layer {
  static override readonly className = 'MaskedMean';
  seen: nb.Tensor | null = null;
  override forward(x: nb.Tensor, ctx: nb.CallContext): nb.Tensor {
    const mask = ctx.mask as nb.Tensor | null;
    this.seen = mask;
    if (!mask) return x.mean(1);
    const m = mask.cast(x.dtype).unsqueeze(-1);
    return x.mul(m).sum(1).div(m.sum(1));
  }
  override computeMask(): nb.MaskArg {
    return null;
  }
  override computeOutputShape(s: nb.SymbolicShape): nb.SymbolicShape {
    return [s[0]!, s[2]!];
  }
}

describe('masks travel with the tensors they belong to', () => {
  const ids = nb.tensor([[3, 5, 0, 0], [2, 0, 0, 0]], { dtype: 'int32' });

  it('a functional model passes the mask from an embedding-style layer through Dense to a layer that reads it', () => {
    const inp = nb.input({ shape: [4], dtype: 'int32' });
    const h = new ToyEmbed().apply(inp);
    const d = nb.layers.dense({ units: 2, useBias: false, kernelInitializer: 'ones' }).apply(h);
    const reader = new MaskedMean();
    const out = reader.apply(d);
    const m = nb.model({ inputs: inp, outputs: out });
    const y = m.call(ids);
    expect(reader.seen!.toArray()).toEqual([[true, true, false, false], [true, false, false, false]]);
    expect(y.toArray()).toEqual([[5, 5], [3, 3]]); // (id + 1) averaged over the real steps only
    expect(nb.getMask(y)).toBeNull();
  });

  it('the same model as Sequential, and a model rebuilt from its config, give the same', () => {
    const reader = new MaskedMean();
    const s = nb.sequential([new ToyEmbed(), reader]);
    expect(s.call(ids).toArray()).toEqual([[4, 1], [2, 1]]);
    expect(reader.seen).not.toBeNull();
  });

  it('masking marks all-equal steps, zeroes them, and losses ignore masked steps', async () => {
    const x = nb.tensor([[[1, 2], [0, 0], [3, 1]]]);
    const masked = nb.layers.masking({ maskValue: 0 }).call(x);
    expect(nb.getMask(masked)!.toArray()).toEqual([[true, false, true]]);
    // A sequence-to-sequence model: the loss averages only the kept steps.
    const m = nb.sequential([nb.layers.masking({ maskValue: 0, inputShape: [3, 2] }), nb.layers.dense({ units: 1, useBias: false, kernelInitializer: 'ones' })]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const target = nb.tensor([[[3], [100], [4]]]);
    const { loss } = await m.evaluate(x, target);
    expect(loss).toBeCloseTo(0, 6); // step 2 (target 100) is padding
    const err = await m.evaluate(x, nb.tensor([[[4], [100], [4]]]));
    expect(err.loss).toBeCloseTo(0.5, 6); // (1² + 0²) / 2 kept steps
  });

  it('an explicit mask overrides the one the input carries; a bad mask shape is refused', () => {
    const reader = new MaskedMean();
    const x = nb.ones([1, 3, 2]);
    reader.call(x, { mask: nb.tensor([[true, false, true]]) });
    expect(reader.seen!.toArray()).toEqual([[true, false, true]]);
    expect(() => nb.setMask(x, nb.ones([2, 3]))).toThrow(/setMask: mask must be leading dimensions of \[1,3,2\], got a float32 tensor of shape \[2,3\]/);
  });
});

/** Adds each batch's input sum to a running total kept in a non-trainable variable; returns x + total. */
class Accumulator extends nb.Layer {
  static override readonly className = 'Accumulator';
  static {
    nb.registerLayer(this);
  }
  total: nb.Variable | null = null;
  override build(shape: nb.SymbolicShape): void {
    this.total = this.addWeight('total', [shape.at(-1) as number], { initializer: 'zeros', trainable: false });
  }
  override forward(x: nb.Tensor): nb.Tensor {
    // Deliberately ignores ctx.probing: shape inference must restore the state anyway.
    this.total!.assign(this.total!.add(x.sum(0)));
    return x.add(this.total!);
  }
  override resetStates(): void {
    this.total?.assign(nb.zerosLike(this.total));
  }
}

describe('state: kept across calls until resetStates, untouched by shape inference', () => {
  it('a stateful toy layer keeps state across predict calls until resetStates()', async () => {
    const acc = new Accumulator({ inputShape: [2] });
    const m = nb.sequential([acc, nb.layers.activation({ activation: 'linear' })]);
    expect(Array.from(acc.total!.data())).toEqual([0, 0]); // building the model probed shapes
    m.summary();
    expect(Array.from(acc.total!.data())).toEqual([0, 0]);
    const x = nb.tensor([[1, 2]]);
    expect((await m.predict(x)).toArray()).toEqual([[2, 4]]);
    expect((await m.predict(x)).toArray()).toEqual([[3, 6]]);
    m.resetStates();
    expect((await m.predict(x)).toArray()).toEqual([[2, 4]]);
    // Functional application (symbolic shapes) does not touch it either.
    const before = Array.from(acc.total!.data());
    new Accumulator().apply(nb.input({ shape: [2] }));
    acc.computeOutputShape([null, 2]);
    expect(Array.from(acc.total!.data())).toEqual(before);
  });

  it('shape inference leaves the global generator where it was', () => {
    class Noisy extends nb.Layer {
      override forward(x: nb.Tensor): nb.Tensor {
        return x.add(nb.randn(x.shape));
      }
    }
    nb.seed(5);
    const a = nb.randn([3]).toArray();
    nb.seed(5);
    new Noisy().computeOutputShape([null, 3]);
    expect(nb.randn([3]).toArray()).toEqual(a);
  });
});

/** A layer taking `initialState` as a keyword input (a recurrent layer's interface, in miniature). */
class Shift extends nb.Layer {
  static override readonly className = 'Shift';
  static override readonly keywordInputs = ['initialState'];
  static {
    nb.registerLayer(this);
  }
  override forward(x: nb.Tensor, ctx: nb.CallContext): nb.Tensor {
    const s = ctx.kwargs.initialState;
    return s ? x.add(Array.isArray(s) ? s[0]! : (s as nb.Tensor)) : x;
  }
  override computeOutputShape(s: nb.SymbolicShape): nb.SymbolicShape {
    return s;
  }
}

describe('keyword inputs', () => {
  it('work eagerly and in the functional API, survive saving the config, and unknown names are refused', () => {
    const x = nb.tensor([[1, 2]]);
    expect(new Shift().call(x, { initialState: nb.tensor([[10, 20]]) }).toArray()).toEqual([[11, 22]]);
    const a = nb.input({ shape: [2], name: 'a' });
    const s = nb.input({ shape: [2], name: 's' });
    const out = new Shift({ name: 'shift' }).apply(a, { initialState: [s] });
    const m = nb.model({ inputs: [a, s], outputs: out });
    expect(m.call([x, nb.tensor([[1, 1]])]).toArray()).toEqual([[2, 3]]);
    const again = nb.deserializeModel({ className: 'Functional', config: m.getConfig() }) as nb.Functional;
    expect(again.call([x, nb.tensor([[5, 5]])]).toArray()).toEqual([[6, 7]]);
    expect(() => new Shift().call(x, { initialStat: x } as never)).toThrow(/Shift 'shift(_\d+)?'.call: unknown option "initialStat"; valid options are training, mask, initialState/);
    expect(() => nb.layers.dense({ units: 1 }).call(x, { initialState: x })).toThrow(/unknown option "initialState"; valid options are training, mask$/);
  });
});
