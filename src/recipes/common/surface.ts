/**
 * Functions over a rectangle of the plane, drawn: a classifier's output (the decision surface of
 * the perceptron and XOR recipes) or a loss landscape (the optimizers recipe). The grid is
 * evaluated once; it becomes a Vega-Lite layer of coloured cells (to overlay with points, lines
 * or paths) and a PNG image.
 */
import { Tensor } from '../../tensor/tensor.js';
import { type ChartSpec, overlay } from '../../viz/charts.js';
import { encodePng } from '../../viz/png.js';

export interface Bounds {
  x: readonly [number, number];
  y: readonly [number, number];
}

/** A function sampled at the centres of `nx × ny` cells; `values[j * nx + i]` is at (xs[i], ys[j]), j = 0 at the bottom. */
export interface Grid {
  bounds: Bounds;
  nx: number;
  ny: number;
  xs: Float64Array;
  ys: Float64Array;
  values: Float64Array;
}

/** The cell centres of a `steps × steps` grid over `bounds`, as a float32 [steps², 2] tensor (row j, column i at j·steps + i). */
export function gridPoints(bounds: Bounds, steps: number): { points: Tensor; xs: Float64Array; ys: Float64Array } {
  const xs = new Float64Array(steps);
  const ys = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    xs[i] = bounds.x[0] + ((i + 0.5) * (bounds.x[1] - bounds.x[0])) / steps;
    ys[i] = bounds.y[0] + ((i + 0.5) * (bounds.y[1] - bounds.y[0])) / steps;
  }
  const pts = new Float32Array(steps * steps * 2);
  for (let j = 0; j < steps; j++) {
    for (let i = 0; i < steps; i++) {
      pts[(j * steps + i) * 2] = xs[i]!;
      pts[(j * steps + i) * 2 + 1] = ys[j]!;
    }
  }
  return { points: new Tensor(pts, [steps * steps, 2], 'float32'), xs, ys };
}

/** Samples `f` (batched: [m, 2] points → m values) on a `steps × steps` grid. */
export async function sampleGrid(bounds: Bounds, steps: number, f: (points: Tensor) => Promise<ArrayLike<number>> | ArrayLike<number>): Promise<Grid> {
  const { points, xs, ys } = gridPoints(bounds, steps);
  const out = await f(points);
  return { bounds, nx: steps, ny: steps, xs, ys, values: Float64Array.from(out) };
}

/** Samples a scalar function of (x, y) on a `steps × steps` grid. */
export function sampleFunction(bounds: Bounds, steps: number, f: (x: number, y: number) => number): Grid {
  const { xs, ys } = gridPoints(bounds, steps);
  const values = new Float64Array(steps * steps);
  for (let j = 0; j < steps; j++) for (let i = 0; i < steps; i++) values[j * steps + i] = f(xs[i]!, ys[j]!);
  return { bounds, nx: steps, ny: steps, xs, ys, values };
}

export interface FieldOptions {
  /** Vega colour scheme (default 'blueorange': class 0 blue, class 1 orange, like the points). */
  scheme?: string;
  /** Colour domain (default: the values' range). */
  domain?: readonly [number, number];
  /** Legend title. */
  title?: string;
  xTitle?: string;
  yTitle?: string;
}

/** The grid as a layer of coloured cells on quantitative axes. */
export function fieldLayer(grid: Grid, options: FieldOptions = {}): ChartSpec {
  const dx = (grid.bounds.x[1] - grid.bounds.x[0]) / grid.nx;
  const dy = (grid.bounds.y[1] - grid.bounds.y[0]) / grid.ny;
  const rows: { x: number; x2: number; y: number; y2: number; value: number | null }[] = [];
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      const v = grid.values[j * grid.nx + i]!;
      const x = grid.bounds.x[0] + i * dx;
      const y = grid.bounds.y[0] + j * dy;
      rows.push({ x: r4(x), x2: r4(x + dx), y: r4(y), y2: r4(y + dy), value: Number.isFinite(v) ? r4(v) : null });
    }
  }
  const scale: Record<string, unknown> = { scheme: options.scheme ?? 'blueorange' };
  if (options.domain) scale.domain = options.domain.slice();
  return {
    data: { values: rows },
    mark: { type: 'rect', stroke: null },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle ?? 'x₁', scale: { domain: grid.bounds.x.slice(), nice: false, zero: false } },
      x2: { field: 'x2' },
      y: { field: 'y', type: 'quantitative', title: options.yTitle ?? 'x₂', scale: { domain: grid.bounds.y.slice(), nice: false, zero: false } },
      y2: { field: 'y2' },
      color: { field: 'value', type: 'quantitative', title: options.title ?? 'output', scale },
    },
  };
}

/** Labelled points as a layer (filled circles with a dark outline, coloured by class). */
export function pointsLayer(points: Tensor, labels: ArrayLike<number>, classNames?: readonly string[]): ChartSpec {
  const d = points.data();
  const w = points.shape[1]!;
  const rows = Array.from({ length: points.shape[0]! }, (_, i) => ({
    x: r4(d[i * w]!),
    y: r4(d[i * w + 1]!),
    label: classNames ? (classNames[labels[i]!] ?? String(labels[i])) : String(labels[i]),
  }));
  return {
    data: { values: rows },
    mark: { type: 'point', filled: true, size: 90, stroke: '#222', strokeWidth: 1, opacity: 1 },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      color: { field: 'label', type: 'nominal', title: 'class' },
    },
  };
}

/** Named polylines as a layer (decision boundaries, optimizer paths), drawn in the order given. */
export function pathsLayer(paths: Record<string, readonly (readonly [number, number])[]>, options: { title?: string; points?: boolean } = {}): ChartSpec {
  const rows: { x: number; y: number; step: number; path: string }[] = [];
  for (const [name, pts] of Object.entries(paths)) pts.forEach(([x, y], step) => rows.push({ x: r4(x), y: r4(y), step, path: name }));
  return {
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 2, point: options.points ?? false, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      order: { field: 'step', type: 'quantitative' },
      color: { field: 'path', type: 'nominal', title: options.title ?? null, sort: Object.keys(paths) },
    },
  };
}

/** Layers on one set of axes (each keeps its own colour scale). */
export function layered(layers: readonly ChartSpec[], options: { title?: string; width?: number; height?: number } = {}): ChartSpec {
  return overlay(layers, { width: options.width ?? 360, height: options.height ?? 360, ...(options.title ? { title: options.title } : {}) });
}

/** Blue (0) → light grey (0.5) → orange (1), the colours of classes 0 and 1. */
function blueOrange(t: number): [number, number, number] {
  return ramp([76, 120, 168], [240, 240, 240], [245, 133, 24], t);
}

/** White (0) → mid grey → near black (1), for landscapes under coloured paths. */
function greys(t: number): [number, number, number] {
  return ramp([250, 250, 250], [170, 170, 170], [60, 60, 60], t);
}

function ramp(lo: readonly number[], mid: readonly number[], hi: readonly number[], t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const [a, b, s] = u < 0.5 ? [lo, mid, u * 2] : [mid, hi, (u - 0.5) * 2];
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * s)) as [number, number, number];
}

/** Vega's default category colours (tableau10), so PNG paths match the chart's legend. */
const CATEGORY = [
  [76, 120, 168],
  [245, 133, 24],
  [228, 87, 86],
  [114, 183, 178],
  [84, 162, 75],
  [238, 202, 59],
  [178, 121, 162],
  [255, 157, 166],
  [157, 117, 93],
  [186, 176, 172],
];

export interface SurfacePngOptions {
  /** Pixels per grid cell (default 6). */
  scale?: number;
  /** Values mapped to the ends of the colour ramp (default [0, 1]; 'auto': the grid's range). */
  domain?: readonly [number, number] | 'auto';
  /** 'blueOrange' (default, for class probabilities) or 'greys' (for landscapes). */
  colors?: 'blueOrange' | 'greys';
  /** Labelled points drawn as discs (class 0 dark blue, class 1 dark orange). */
  points?: Tensor;
  labels?: ArrayLike<number>;
  /** Polylines drawn in the category colours, in order (e.g. optimizer paths). */
  paths?: Record<string, readonly (readonly [number, number])[]>;
}

/** The grid as an RGB PNG (`scale` pixels per cell, y up), with optional points and paths on top. */
export function surfacePng(grid: Grid, options: SurfacePngOptions = {}): Uint8Array {
  const s = options.scale ?? 6;
  let [lo, hi] = options.domain === 'auto' || options.domain === undefined ? [0, 1] : options.domain;
  if (options.domain === 'auto') {
    const finite = Array.from(grid.values).filter(Number.isFinite);
    lo = Math.min(...finite);
    hi = Math.max(...finite);
  }
  const color = options.colors === 'greys' ? greys : blueOrange;
  const W = grid.nx * s;
  const H = grid.ny * s;
  const px = new Uint8Array(W * H * 3);
  const put = (x: number, y: number, c: readonly number[]) => {
    if (x < 0 || y < 0 || x >= W || y >= H) return;
    px.set(c, (y * W + x) * 3);
  };
  for (let row = 0; row < H; row++) {
    const j = grid.ny - 1 - Math.floor(row / s);
    for (let col = 0; col < W; col++) {
      const v = grid.values[j * grid.nx + Math.floor(col / s)]!;
      put(col, row, color((v - lo) / (hi - lo || 1)));
    }
  }
  const { x: bx, y: by } = grid.bounds;
  const toPx = (x: number, y: number): [number, number] => [((x - bx[0]) / (bx[1] - bx[0])) * W, (1 - (y - by[0]) / (by[1] - by[0])) * H];
  const disc = (cx: number, cy: number, r: number, fill: readonly number[], rim: readonly number[] | null) => {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const q = dx * dx + dy * dy;
        if (q <= r * r) put(Math.round(cx) + dx, Math.round(cy) + dy, rim && q > (r - 2) * (r - 2) ? rim : fill);
      }
    }
  };
  Object.values(options.paths ?? {}).forEach((path, k) => {
    const c = CATEGORY[k % CATEGORY.length]!;
    for (let i = 1; i < path.length; i++) {
      const [x0, y0] = toPx(path[i - 1]![0], path[i - 1]![1]);
      const [x1, y1] = toPx(path[i]![0], path[i]![1]);
      const n = Math.min(4 * (W + H), Math.ceil(Math.hypot(x1 - x0, y1 - y0)) + 1);
      for (let t = 0; t <= n; t++) disc(x0 + ((x1 - x0) * t) / n, y0 + ((y1 - y0) * t) / n, 1, c, null);
    }
    if (path.length) disc(...toPx(path.at(-1)![0], path.at(-1)![1]), 4, c, [0, 0, 0]);
  });
  if (options.points && options.labels) {
    const d = options.points.data();
    const w = options.points.shape[1]!;
    const r = Math.max(8, Math.round(s * 2));
    for (let i = 0; i < options.points.shape[0]!; i++) {
      disc(...toPx(d[i * w]!, d[i * w + 1]!), r, options.labels[i]! ? [200, 90, 0] : [25, 65, 135], [255, 255, 255]);
    }
  }
  return encodePng({ width: W, height: H, channels: 3, data: px });
}

function r4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
