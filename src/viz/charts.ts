/**
 * Chart builders: each returns a Vega-Lite spec (a plain object), to be rendered with `renderSvg`,
 * added to a report, or saved as JSON for any Vega-Lite viewer.
 *
 * @example
 * const spec = nb.viz.lineChart({ loss: history.loss, val_loss: history.val_loss }, { xTitle: 'epoch' });
 * const svg = await nb.viz.renderSvg(spec);
 */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** A Vega-Lite specification (see https://vega.github.io/vega-lite/). */
export type ChartSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface ChartOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Plot size in pixels; defaults 480 × 280. */
  width?: number;
  height?: number;
}

type Values = ArrayLike<number> | Tensor;

function numbers(fn: string, name: string, v: Values): ArrayLike<number> {
  if (v instanceof Tensor) return v.data();
  if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<number>).length !== 'number') {
    throw new ConfigError(`${fn}: ${name} must be an array of numbers or a Tensor, got ${v === null ? 'null' : typeof v}`);
  }
  return v;
}

/** Finite numbers as they are; NaN and ±Infinity become null, which Vega-Lite leaves out. */
function clean(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function frame(options: ChartOptions, extra: ChartSpec): ChartSpec {
  const spec: ChartSpec = { $schema: SCHEMA, width: options.width ?? 480, height: options.height ?? 280 };
  if (options.title) spec.title = options.title;
  return { ...spec, ...extra, config: { view: { stroke: '#ddd' }, axis: { gridColor: '#eee' }, font: 'Helvetica, Arial, sans-serif' } };
}

export interface LineChartOptions extends ChartOptions {
  /** x values shared by all series; default 1, 2, 3, … */
  x?: Values;
  /** Logarithmic y axis (for losses spanning decades). */
  logY?: boolean;
  /** Mark each point (default: when the longest series has at most 40 points). */
  points?: boolean;
}

/**
 * Line chart of one or more named series, e.g. training curves.
 * @example nb.viz.lineChart({ loss: [0.9, 0.5, 0.3] }, { title: 'Loss', xTitle: 'epoch' })
 */
export function lineChart(series: Record<string, Values>, options: LineChartOptions = {}): ChartSpec {
  const fn = 'viz.lineChart';
  if (series === null || typeof series !== 'object' || series instanceof Tensor) throw new ConfigError(`${fn}: series must be an object of named arrays, e.g. { loss: [...] }`);
  const names = Object.keys(series);
  if (names.length === 0) throw new ConfigError(`${fn}: no series given`);
  const xs = options.x === undefined ? null : numbers(fn, 'x', options.x);
  const rows: { x: number | null; y: number | null; series: string }[] = [];
  let longest = 0;
  for (const name of names) {
    const ys = numbers(fn, `series '${name}'`, series[name]!);
    if (xs && xs.length !== ys.length) throw new ShapeError(`${fn}: series '${name}' has ${ys.length} values but x has ${xs.length}`);
    longest = Math.max(longest, ys.length);
    for (let i = 0; i < ys.length; i++) rows.push({ x: xs ? clean(xs[i]!) : i + 1, y: clean(ys[i]!), series: name });
  }
  const showPoints = options.points ?? longest <= 40;
  return frame(options, {
    data: { values: rows },
    mark: { type: 'line', point: showPoints, tooltip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle ?? 'step', ...(xs ? {} : { axis: { tickMinStep: 1 } }) },
      y: { field: 'y', type: 'quantitative', title: options.yTitle ?? (names.length === 1 ? names[0] : 'value'), scale: options.logY ? { type: 'log' } : { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, sort: names },
    },
  });
}

export interface ScatterChartOptions extends ChartOptions {
  /** A class or value per point, used for colour. */
  labels?: Tensor | ArrayLike<number> | readonly string[];
  /** Names shown for integer labels (label i → classNames[i]). */
  classNames?: readonly string[];
  /** Legend title. */
  labelTitle?: string;
  /** Point area in pixels (default 30). */
  size?: number;
}

/**
 * Scatter plot of 2-D points (a [n, 2] tensor, or separate x and y arrays), coloured by label.
 * @example nb.viz.scatterChart(embedding, { labels: y, classNames, title: 't-SNE' })
 */
export function scatterChart(points: Tensor | { x: Values; y: Values }, options: ScatterChartOptions = {}): ChartSpec {
  const fn = 'viz.scatterChart';
  let xs: ArrayLike<number>;
  let ys: ArrayLike<number>;
  if (points instanceof Tensor) {
    if (points.rank !== 2 || points.shape[1]! < 2) throw new ShapeError(`${fn}: points must be [n, 2] (extra columns are ignored), got ${fmtShape(points.shape)}`);
    const d = points.data();
    const n = points.shape[0]!;
    const w = points.shape[1]!;
    xs = Array.from({ length: n }, (_, i) => d[i * w]!);
    ys = Array.from({ length: n }, (_, i) => d[i * w + 1]!);
  } else {
    xs = numbers(fn, 'x', points.x);
    ys = numbers(fn, 'y', points.y);
    if (xs.length !== ys.length) throw new ShapeError(`${fn}: x has ${xs.length} values, y has ${ys.length}`);
  }
  let labels: ArrayLike<number | string> | null = null;
  if (options.labels !== undefined) {
    labels = options.labels instanceof Tensor ? options.labels.data() : options.labels;
    if (labels.length !== xs.length) throw new ShapeError(`${fn}: ${labels.length} labels for ${xs.length} points`);
  }
  const names = options.classNames;
  const rows = Array.from({ length: xs.length }, (_, i) => {
    const row: Record<string, number | string | null> = { x: clean(xs[i]!), y: clean(ys[i]!) };
    if (labels) {
      const l = labels[i]!;
      row.label = typeof l === 'number' && names && names[l] !== undefined ? names[l]! : l;
    }
    return row;
  });
  const encoding: Record<string, unknown> = {
    x: { field: 'x', type: 'quantitative', title: options.xTitle ?? 'x', scale: { zero: false } },
    y: { field: 'y', type: 'quantitative', title: options.yTitle ?? 'y', scale: { zero: false } },
  };
  if (labels) {
    const nominal = names !== undefined || typeof labels[0] === 'string' || Array.from(labels).every((v) => Number.isInteger(v));
    encoding.color = { field: 'label', type: nominal ? 'nominal' : 'quantitative', title: options.labelTitle ?? 'label', ...(names ? { sort: names } : {}) };
  }
  return frame(options, {
    data: { values: rows },
    mark: { type: 'point', filled: true, size: options.size ?? 30, opacity: 0.75 },
    encoding,
  });
}

export interface BarChartOptions extends ChartOptions {
  /** Bars left to right (default) or top to bottom. */
  horizontal?: boolean;
}

/**
 * Bar chart of named values, in the given order. @example nb.viz.barChart({ sgd: 0.91, adam: 0.97 }, { yTitle: 'accuracy' })
 */
export function barChart(values: Record<string, number>, options: BarChartOptions = {}): ChartSpec {
  const fn = 'viz.barChart';
  if (values === null || typeof values !== 'object') throw new ConfigError(`${fn}: values must be an object of name → number`);
  const rows = Object.entries(values).map(([name, v]) => {
    if (typeof v !== 'number') throw new ConfigError(`${fn}: value '${name}' is ${JSON.stringify(v)}, not a number`);
    return { name, value: clean(v) };
  });
  const order = rows.map((r) => r.name);
  const cat = { field: 'name', type: 'nominal', title: options.xTitle ?? null, sort: order };
  const val = { field: 'value', type: 'quantitative', title: options.yTitle ?? 'value' };
  return frame(options, {
    data: { values: rows },
    mark: { type: 'bar', tooltip: true, color: '#4c78a8' },
    encoding: options.horizontal ? { y: cat, x: val } : { x: cat, y: val },
  });
}

export interface HeatmapOptions extends ChartOptions {
  /** Column names (default 0, 1, …). */
  xLabels?: readonly string[];
  /** Row names (default 0, 1, …). */
  yLabels?: readonly string[];
  /** Write each cell's value in it (default: when there are at most 400 cells). */
  annotate?: boolean;
  /** Vega colour scheme (default 'blues'). */
  scheme?: string;
}

/**
 * Heatmap of a matrix, row 0 at the top: confusion matrices, attention, correlations.
 * @example nb.viz.heatmap(confusion, { xLabels: classNames, yLabels: classNames, xTitle: 'predicted', yTitle: 'true' })
 */
export function heatmap(matrix: Tensor | readonly (readonly number[])[], options: HeatmapOptions = {}): ChartSpec {
  const fn = 'viz.heatmap';
  let r: number;
  let c: number;
  let get: (i: number, j: number) => number;
  if (matrix instanceof Tensor) {
    if (matrix.rank !== 2) throw new ShapeError(`${fn}: expected a 2-D matrix, got shape ${fmtShape(matrix.shape)}`);
    [r, c] = [matrix.shape[0]!, matrix.shape[1]!];
    const d = matrix.data();
    get = (i, j) => d[i * c + j]!;
  } else {
    if (!Array.isArray(matrix) || matrix.length === 0) throw new ConfigError(`${fn}: expected a non-empty array of rows`);
    r = matrix.length;
    c = matrix[0]!.length;
    matrix.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== c) throw new ShapeError(`${fn}: row ${i} has ${Array.isArray(row) ? row.length : 'no'} values, row 0 has ${c}`);
    });
    get = (i, j) => matrix[i]![j]!;
  }
  const xl = options.xLabels ?? Array.from({ length: c }, (_, j) => String(j));
  const yl = options.yLabels ?? Array.from({ length: r }, (_, i) => String(i));
  if (xl.length !== c || yl.length !== r) throw new ShapeError(`${fn}: ${xl.length} xLabels and ${yl.length} yLabels for a ${r}×${c} matrix`);
  const rows: { col: string; row: string; value: number | null }[] = [];
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const v = get(i, j);
      if (Number.isFinite(v)) {
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
      rows.push({ col: xl[j]!, row: yl[i]!, value: clean(v) });
    }
  }
  const x = { field: 'col', type: 'ordinal', sort: xl, title: options.xTitle ?? null };
  const y = { field: 'row', type: 'ordinal', sort: yl, title: options.yTitle ?? null };
  const layers: ChartSpec[] = [
    { mark: { type: 'rect', tooltip: true }, encoding: { x, y, color: { field: 'value', type: 'quantitative', title: null, scale: { scheme: options.scheme ?? 'blues' } } } },
  ];
  if (options.annotate ?? r * c <= 400) {
    const mid = (max + min) / 2;
    const allInt = rows.every((row) => row.value === null || Number.isInteger(row.value));
    layers.push({
      mark: { type: 'text', fontSize: 11 },
      encoding: {
        x,
        y,
        text: { field: 'value', type: 'quantitative', format: allInt ? 'd' : '.2f' },
        color: { condition: { test: `datum.value > ${Number.isFinite(mid) ? mid : 0}`, value: 'white' }, value: 'black' },
      },
    });
  }
  const side = Math.min(480, Math.max(160, 28 * Math.max(r, c)));
  return frame({ width: side, height: side, ...options }, { data: { values: rows }, layer: layers });
}

/**
 * Draws several charts on one set of axes (Vega-Lite layers), e.g. data points and a fitted curve.
 * The first chart's size and axis titles are kept. @example nb.viz.overlay([scatterChart(pts), lineChart({ fit })])
 */
export function overlay(specs: readonly ChartSpec[], options: ChartOptions = {}): ChartSpec {
  if (!Array.isArray(specs) || specs.length === 0) throw new ConfigError('viz.overlay: expected a non-empty array of chart specs');
  const first = specs[0]!;
  const layer = specs.map((s) => {
    const { $schema: _s, width: _w, height: _h, title: _t, config: _c, ...rest } = s;
    return rest;
  });
  return frame({ width: first.width as number, height: first.height as number, title: first.title as string | undefined, ...options }, { layer, resolve: { scale: { color: 'independent' } } });
}
