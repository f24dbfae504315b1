/**
 * t-SNE's input affinities (seed 004): p_{j|i} = exp(−‖xᵢ − xⱼ‖² / 2σᵢ²) / Σ_{k≠i} exp(−‖xᵢ − x_k‖² / 2σᵢ²),
 * with each σᵢ found by binary search so the row's perplexity 2^H matches the target, then
 * symmetrised as p_ij = (p_{j|i} + p_{i|j}) / 2n. Dense for the exact method, sparse over the
 * ⌊3·perplexity⌋ nearest neighbours for Barnes–Hut.
 */
import { type Points, forEachDistanceBlock, kNearest } from './distance.js';

/** Conditional probabilities of one row from squared distances d[off..off+len), written to out[outOff..]. */
export function rowAffinities(d: Float64Array, off: number, len: number, skip: number, perplexity: number, out: Float64Array, outOff: number): void {
  const target = Math.log(perplexity);
  let dmin = Infinity;
  for (let j = 0; j < len; j++) if (j !== skip && d[off + j]! < dmin) dmin = d[off + j]!;
  let beta = 1;
  let lo = -Infinity;
  let hi = Infinity;
  for (let it = 0; it < 200; it++) {
    // Shifting by the smallest distance leaves the normalised row unchanged and avoids underflow.
    let sum = 0;
    let dsum = 0;
    for (let j = 0; j < len; j++) {
      if (j === skip) continue;
      const dd = d[off + j]! - dmin;
      const p = Math.exp(-dd * beta);
      out[outOff + j] = p;
      sum += p;
      dsum += dd * p;
    }
    const h = Math.log(sum) + (beta * dsum) / sum;
    const diff = h - target;
    if (Math.abs(diff) < 1e-5) break;
    if (diff > 0) {
      lo = beta;
      beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2;
    }
  }
  let sum = 0;
  for (let j = 0; j < len; j++) if (j !== skip) sum += out[outOff + j]!;
  for (let j = 0; j < len; j++) out[outOff + j] = j === skip ? 0 : out[outOff + j]! / sum;
}

/** Dense symmetric P [n × n] (float64). */
export function denseAffinities(x: Points, perplexity: number): Float64Array {
  const n = x.rows;
  const p = new Float64Array(n * n);
  forEachDistanceBlock(
    x,
    x,
    'euclidean',
    (start, count, block) => {
      for (let r = 0; r < count; r++) rowAffinities(block, r * n, n, start + r, perplexity, p, (start + r) * n);
    },
    { squared: true },
  );
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = (p[i * n + j]! + p[j * n + i]!) / (2 * n);
      p[i * n + j] = v;
      p[j * n + i] = v;
    }
  }
  return p;
}

/** Sparse symmetric P in compressed rows: row i's neighbours are cols[rowPtr[i] .. rowPtr[i+1]). */
export interface SparseP {
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** Sparse symmetric P over the k = min(n − 1, ⌊3·perplexity⌋) nearest neighbours of each point. */
export function sparseAffinities(x: Points, perplexity: number): SparseP {
  const n = x.rows;
  const k = Math.min(n - 1, Math.floor(3 * perplexity));
  const nn = kNearest(x, x, k, 'euclidean', { excludeSelf: true, squared: true });
  const cond = new Float64Array(n * k);
  for (let i = 0; i < n; i++) rowAffinities(nn.distances, i * k, k, -1, perplexity, cond, i * k);
  // Both directions of every conditional entry, merged per (row, col).
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map<number, number>());
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < k; q++) {
      const j = nn.indices[i * k + q]!;
      const v = cond[i * k + q]! / (2 * n);
      rows[i]!.set(j, (rows[i]!.get(j) ?? 0) + v);
      rows[j]!.set(i, (rows[j]!.get(i) ?? 0) + v);
    }
  }
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + rows[i]!.size;
  const cols = new Int32Array(rowPtr[n]!);
  const vals = new Float64Array(rowPtr[n]!);
  for (let i = 0; i < n; i++) {
    let o = rowPtr[i]!;
    for (const [j, v] of [...rows[i]!.entries()].sort((a, b) => a[0] - b[0])) {
      cols[o] = j;
      vals[o++] = v;
    }
  }
  return { rowPtr, cols, vals };
}
