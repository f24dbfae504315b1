/**
 * Barnes–Hut approximation of the t-SNE gradient in two dimensions: a quadtree over the
 * embedding summarises every cell that looks small from a point (side / distance < θ) by its
 * centre of mass, so the repulsive forces cost O(n log n) instead of O(n²).
 */
import type { SparseP } from './tsne-affinity.js';

const MAX_DEPTH = 48;

/** A point-region quadtree stored as flat arrays (node 0 is the root). */
class QuadTree {
  size = 0;
  count: Float64Array = new Float64Array(0);
  sx: Float64Array = new Float64Array(0);
  sy: Float64Array = new Float64Array(0);
  x0: Float64Array = new Float64Array(0);
  y0: Float64Array = new Float64Array(0);
  side: Float64Array = new Float64Array(0);
  child: Int32Array = new Int32Array(0);
  point: Int32Array = new Int32Array(0);

  private grow(need: number): void {
    if (need <= this.count.length) return;
    const cap = Math.max(need, this.count.length * 2, 64);
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap).fill(-1);
      b.set(a);
      return b;
    };
    this.count = f(this.count);
    this.sx = f(this.sx);
    this.sy = f(this.sy);
    this.x0 = f(this.x0);
    this.y0 = f(this.y0);
    this.side = f(this.side);
    this.child = g(this.child);
    this.point = g(this.point);
  }

  private node(x0: number, y0: number, side: number): number {
    const k = this.size++;
    this.grow(this.size);
    this.count[k] = 0;
    this.sx[k] = 0;
    this.sy[k] = 0;
    this.x0[k] = x0;
    this.y0[k] = y0;
    this.side[k] = side;
    this.child[k] = -1;
    this.point[k] = -1;
    return k;
  }

  private quadrant(k: number, x: number, y: number): number {
    const h = this.side[k]! / 2;
    return this.child[k]! + (x >= this.x0[k]! + h ? 1 : 0) + (y >= this.y0[k]! + h ? 2 : 0);
  }

  build(y: Float64Array, n: number): void {
    this.size = 0;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, y[2 * i]!);
      maxX = Math.max(maxX, y[2 * i]!);
      minY = Math.min(minY, y[2 * i + 1]!);
      maxY = Math.max(maxY, y[2 * i + 1]!);
    }
    const side = Math.max(maxX - minX, maxY - minY, 1e-12) * (1 + 1e-9);
    this.node(minX, minY, side);
    for (let i = 0; i < n; i++) this.insert(i, y[2 * i]!, y[2 * i + 1]!, y);
    for (let k = 0; k < this.size; k++) {
      if (this.count[k]! > 0) {
        this.sx[k] = this.sx[k]! / this.count[k]!;
        this.sy[k] = this.sy[k]! / this.count[k]!;
      }
    }
  }

  private insert(i: number, px: number, py: number, y: Float64Array): void {
    let k = 0;
    for (let depth = 0; ; depth++) {
      this.count[k]!++;
      this.sx[k]! += px;
      this.sy[k]! += py;
      if (this.child[k] !== -1) {
        k = this.quadrant(k, px, py);
        continue;
      }
      if (this.count[k] === 1) {
        this.point[k] = i;
        return;
      }
      const j = this.point[k]!;
      const jx = y[2 * j]!;
      const jy = y[2 * j + 1]!;
      // Coincident points (or a very deep tree) share one leaf.
      if ((jx === px && jy === py) || depth >= MAX_DEPTH) return;
      const h = this.side[k]! / 2;
      const x0 = this.x0[k]!;
      const y0 = this.y0[k]!;
      const first = this.node(x0, y0, h);
      this.node(x0 + h, y0, h);
      this.node(x0, y0 + h, h);
      this.node(x0 + h, y0 + h, h);
      this.child[k] = first;
      const c = this.quadrant(k, jx, jy);
      const moved = this.count[k]! - 1;
      this.count[c] = moved;
      this.sx[c] = moved * jx;
      this.sy[c] = moved * jy;
      this.point[c] = j;
      this.point[k] = -1;
      k = this.quadrant(k, px, py);
    }
  }
}

/**
 * Writes the t-SNE gradient 4·(exaggeration·F_attr − F_rep / Z) into `grad` and returns Z, the
 * normaliser Σ_{i≠j} (1 + ‖yᵢ − yⱼ‖²)⁻¹, both approximated with Barnes–Hut at angle θ.
 */
export function barnesHutGradient(y: Float64Array, n: number, p: SparseP, exaggeration: number, theta: number, grad: Float64Array, tree = new QuadTree()): number {
  tree.build(y, n);
  const rep = new Float64Array(2 * n);
  const stack = new Int32Array(4 * MAX_DEPTH + 8);
  const theta2 = theta * theta;
  let z = 0;
  const { count, sx, sy, side, child, point } = tree;
  for (let i = 0; i < n; i++) {
    const px = y[2 * i]!;
    const py = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const k = stack[--top]!;
      let c = count[k]!;
      if (c === 0) continue;
      const dx = px - sx[k]!;
      const dy = py - sy[k]!;
      const d2 = dx * dx + dy * dy;
      const leaf = child[k] === -1;
      if (leaf || side[k]! * side[k]! < theta2 * d2) {
        if (leaf && point[k] === i) c -= 1; // i itself (duplicates of i stay, at distance 0)
        if (c <= 0) continue;
        const w = 1 / (1 + d2);
        z += c * w;
        const f = c * w * w;
        fx += f * dx;
        fy += f * dy;
      } else {
        const ch = child[k]!;
        stack[top++] = ch;
        stack[top++] = ch + 1;
        stack[top++] = ch + 2;
        stack[top++] = ch + 3;
      }
    }
    rep[2 * i] = fx;
    rep[2 * i + 1] = fy;
  }
  const { rowPtr, cols, vals } = p;
  for (let i = 0; i < n; i++) {
    const px = y[2 * i]!;
    const py = y[2 * i + 1]!;
    let ax = 0;
    let ay = 0;
    for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) {
      const j = cols[q]!;
      const dx = px - y[2 * j]!;
      const dy = py - y[2 * j + 1]!;
      const w = vals[q]! / (1 + dx * dx + dy * dy);
      ax += w * dx;
      ay += w * dy;
    }
    grad[2 * i] = 4 * (exaggeration * ax - rep[2 * i]! / z);
    grad[2 * i + 1] = 4 * (exaggeration * ay - rep[2 * i + 1]! / z);
  }
  return z;
}

export { QuadTree };
