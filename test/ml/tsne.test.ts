import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { every, mnistDigits } from './helpers/mnist.js';

/** Four Gaussian clusters in 10-D. */
function clusters(per: number, seed: number): { x: nb.Tensor; y: number[] } {
  const gen = new nb.Generator(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let k = 0; k < 4; k++) {
    const centre = Array.from({ length: 10 }, () => gen.normal(0, 6));
    for (let i = 0; i < per; i++) {
      rows.push(centre.map((c) => c + gen.normal()));
      y.push(k);
    }
  }
  return { x: nb.tensor(rows, { dtype: 'float64' }), y };
}

describe('TSNE', () => {
  it('exact: keeps clusters apart and neighbourhoods trustworthy, seeded', () => {
    const { x, y } = clusters(30, 1);
    const tsne = new nb.ml.TSNE({ perplexity: 10, seed: 0, maxIter: 500, method: 'exact' });
    const emb = tsne.fitTransform(x);
    expect(emb.shape).toEqual([120, 2]);
    expect(nb.ml.trustworthiness(x, emb, { nNeighbors: 5 })).toBeGreaterThan(0.9);
    expect(nb.ml.silhouetteScore(emb, y)).toBeGreaterThan(0.5);
    const again = new nb.ml.TSNE({ perplexity: 10, seed: 0, maxIter: 500, method: 'exact' }).fitTransform(x);
    expect(Array.from(again.data())).toEqual(Array.from(emb.data()));
    expect(tsne.klDivergence).toBeGreaterThan(0);
  });

  it('Barnes–Hut embeds 500 MNIST digits with trustworthiness ≥ 0.88', () => {
    const digits = every(mnistDigits().test, 4);
    const kl: number[] = [];
    const emb = new nb.ml.TSNE({ seed: 0, method: 'barnes-hut', callback: (p) => kl.push(p.klDivergence) }).fitTransform(digits.x);
    expect(nb.ml.trustworthiness(digits.x, emb, { nNeighbors: 5 })).toBeGreaterThanOrEqual(0.88);
    // KL falls once the exaggeration is over.
    expect(kl[kl.length - 1]!).toBeLessThan(kl[5]!);
  });
});
