/**
 * The run report: collects what a recipe adds while it runs (text, charts, images, tables, the model
 * summary), then writes a folder with a self-contained `report.html` (charts inline as SVG, images as
 * PNG files beside it), `history.json` and `metrics.json`. Loss and metric curves are drawn from the
 * history automatically. It has the shape of `ReportSink` (src/recipes/types.ts).
 *
 * @example
 * const report = new nb.viz.HtmlReport('runs/demo', { recipe: 'demo' });
 * report.chart('Data', nb.viz.scatterChart(x, { labels: y }));
 * await report.write({ metrics: { accuracy: 0.97 }, epochs: 10, seconds: 3.2, history });
 */
import { ConfigError } from '../errors.js';
import { platform } from '../platform/index.js';
import { type ChartSpec, lineChart } from './charts.js';
import { escapeHtml, formatValue, htmlTable, page } from './html.js';
import { renderSvg } from './render.js';

/** What the report header shows about the run. */
export interface ReportRun {
  recipe: string;
  description?: string;
  /** Run options shown in the header (epochs, batch size, seed…); undefined values are left out. */
  options?: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** The outcome written into the report, history.json and metrics.json. */
export interface ReportResult {
  metrics: Readonly<Record<string, unknown>>;
  epochs: number;
  seconds: number;
  history?: Readonly<Record<string, readonly number[]>>;
  /** Set when the run failed; the report shows it. */
  error?: string;
  /** Extra fields for metrics.json (e.g. recipe and out). */
  extra?: Readonly<Record<string, unknown>>;
}

type Section =
  | { kind: 'text'; heading: string; body: string }
  | { kind: 'chart'; title: string; spec: ChartSpec }
  | { kind: 'image'; title: string; fileName: string; png: Uint8Array }
  | { kind: 'table'; title: string; header: string[]; rows: (string | number)[][] }
  | { kind: 'model'; summary: string; savedDir?: string };

/**
 * One chart per metric from a Keras-style history: `loss` with `val_loss`, `accuracy` with
 * `val_accuracy`, and so on (a `val_` key without its training twin gets its own chart).
 */
export function historyCharts(history: Readonly<Record<string, readonly number[]>>): { title: string; spec: ChartSpec }[] {
  const keys = Object.keys(history).filter((k) => Array.isArray(history[k]) && history[k]!.length > 0);
  const out: { title: string; spec: ChartSpec }[] = [];
  const used = new Set<string>();
  for (const k of keys) {
    if (used.has(k)) continue;
    const base = k.startsWith('val_') && keys.includes(k.slice(4)) ? k.slice(4) : k;
    const series: Record<string, readonly number[]> = {};
    for (const name of [base, `val_${base}`]) {
      if (keys.includes(name) && !used.has(name)) {
        series[name] = history[name]!;
        used.add(name);
      }
    }
    const positive = Object.values(series).every((s) => s.every((v) => v > 0));
    const spread = Math.max(...Object.values(series).flat().filter(Number.isFinite)) / Math.min(...Object.values(series).flat().filter(Number.isFinite));
    const logY = /loss/.test(base) && positive && spread > 100;
    out.push({ title: base, spec: lineChart(series as Record<string, number[]>, { title: base, xTitle: 'epoch', yTitle: base, logY, width: 420, height: 240 }) });
  }
  return out;
}

/** Collects a run's text, charts, images and tables, and writes the report folder. */
export class HtmlReport {
  /** The folder the report is written to. */
  readonly dir: string;
  private readonly run: ReportRun;
  private readonly sections: Section[] = [];
  private readonly fileNames = new Set<string>();

  constructor(dir: string, run: ReportRun) {
    this.dir = dir;
    this.run = run;
  }

  /** A paragraph under a heading. */
  text(heading: string, body: string): void {
    this.sections.push({ kind: 'text', heading: String(heading), body: String(body) });
  }

  /** A Vega-Lite chart, rendered to inline SVG when the report is written. */
  chart(title: string, vegaLiteSpec: Record<string, unknown>): void {
    if (vegaLiteSpec === null || typeof vegaLiteSpec !== 'object') throw new ConfigError(`report.chart('${title}'): expected a Vega-Lite spec object`);
    this.sections.push({ kind: 'chart', title: String(title), spec: vegaLiteSpec });
  }

  /** A PNG image saved beside report.html as `fileName` (letters, digits, '.', '_', '-'; '.png' is added if missing). */
  image(title: string, png: Uint8Array, fileName: string): void {
    if (!(png instanceof Uint8Array)) throw new ConfigError(`report.image('${title}'): png must be a Uint8Array of PNG bytes`);
    let name = String(fileName);
    if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(name)) {
      throw new ConfigError(`report.image('${title}'): fileName ${JSON.stringify(fileName)} must be a plain file name (letters, digits, '.', '_', '-'), no folders`);
    }
    if (!/\.png$/i.test(name)) name += '.png';
    const stem = name.replace(/\.png$/i, '');
    for (let i = 2; this.fileNames.has(name) || ['report.html', 'history.json', 'metrics.json'].includes(name); i++) name = `${stem}-${i}.png`;
    this.fileNames.add(name);
    this.sections.push({ kind: 'image', title: String(title), fileName: name, png });
  }

  /** A table of rows under a title. */
  table(title: string, header: string[], rows: (string | number)[][]): void {
    if (!Array.isArray(header) || !Array.isArray(rows)) throw new ConfigError(`report.table('${title}'): header and rows must be arrays`);
    this.sections.push({ kind: 'table', title: String(title), header: header.map(String), rows: rows.map((r) => r.slice()) });
  }

  /** The model summary (Keras-style table text) and, optionally, the saved model's folder (relative to the report). */
  model(summary: string, savedDir?: string): void {
    this.sections.push({ kind: 'model', summary: String(summary), savedDir });
  }

  private async chartHtml(title: string, spec: ChartSpec): Promise<string> {
    try {
      const svg = await renderSvg(spec);
      return `<figure><h3>${escapeHtml(title)}</h3>${svg}</figure>`;
    } catch (e) {
      return `<figure><h3>${escapeHtml(title)}</h3><p class="error">This chart could not be rendered: ${escapeHtml((e as Error).message)}</p></figure>`;
    }
  }

  private async body(result: ReportResult, writtenAt: Date): Promise<string> {
    const { recipe, description, options = {} } = this.run;
    const parts: string[] = [];
    const meta = [
      ...Object.entries(options)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `<span>${escapeHtml(k)} <b>${escapeHtml(String(v))}</b></span>`),
      `<span>epochs run <b>${result.epochs}</b></span>`,
      `<span>time <b>${result.seconds.toFixed(1)} s</b></span>`,
      `<span>finished <b>${escapeHtml(writtenAt.toISOString().replace('T', ' ').slice(0, 19))} UTC</b></span>`,
    ];
    parts.push(`<header><h1>${escapeHtml(recipe)}</h1>${description ? `<p class="sub">${escapeHtml(description)}</p>` : ''}<div class="meta">${meta.join('')}</div></header>`);
    if (result.error) parts.push(`<h2>Error</h2><pre class="error">${escapeHtml(result.error)}</pre>`);
    const metricRows = Object.entries(result.metrics).map(([k, v]) => [k, typeof v === 'number' ? v : formatValue(v)]);
    if (metricRows.length) parts.push(`<h2>Metrics</h2>${htmlTable(['metric', 'value'], metricRows)}`);
    const curves = historyCharts(result.history ?? {});
    if (curves.length) {
      const figs = await Promise.all(curves.map((c) => this.chartHtml(c.title, c.spec)));
      parts.push(`<h2>Training curves</h2><div class="grid">${figs.join('\n')}</div>`);
    }
    // Recipe sections in the order they were added; runs of charts and images share a grid.
    let grid: string[] = [];
    const flush = () => {
      if (grid.length) parts.push(`<div class="grid">${grid.join('\n')}</div>`);
      grid = [];
    };
    for (const s of this.sections) {
      if (s.kind === 'chart') {
        grid.push(await this.chartHtml(s.title, s.spec));
        continue;
      }
      if (s.kind === 'image') {
        grid.push(`<figure><h3>${escapeHtml(s.title)}</h3><img src="${escapeHtml(s.fileName)}" alt="${escapeHtml(s.title)}"></figure>`);
        continue;
      }
      flush();
      if (s.kind === 'text') parts.push(`<h2>${escapeHtml(s.heading)}</h2><p class="text">${escapeHtml(s.body)}</p>`);
      else if (s.kind === 'table') parts.push(`<h2>${escapeHtml(s.title)}</h2>${htmlTable(s.header, s.rows)}`);
      else {
        const saved = s.savedDir ? `<p>Saved model: <a href="${escapeHtml(s.savedDir)}/">${escapeHtml(s.savedDir)}/</a></p>` : '';
        parts.push(`<h2>Model</h2><pre>${escapeHtml(s.summary)}</pre>${saved}`);
      }
    }
    flush();
    parts.push(`<footer>Written by nabla · history.json and metrics.json beside this file hold the numbers.</footer>`);
    return parts.join('\n');
  }

  /** Renders the charts and writes report.html, history.json, metrics.json and the images; returns the paths written. */
  async write(result: ReportResult): Promise<string[]> {
    const p = platform('report.write');
    await p.mkdir(this.dir);
    const written: string[] = [];
    const put = async (name: string, data: Uint8Array | string) => {
      const path = p.joinPath(this.dir, name);
      await p.writeFileAtomic(path, data);
      written.push(path);
    };
    for (const s of this.sections) if (s.kind === 'image') await put(s.fileName, s.png);
    await put('history.json', `${JSON.stringify(result.history ?? {}, null, 1)}\n`);
    const metricsJson = { ...result.extra, metrics: result.metrics, epochs: result.epochs, seconds: result.seconds, ...(result.error ? { error: result.error } : {}) };
    await put('metrics.json', `${JSON.stringify(metricsJson, null, 2)}\n`);
    await put('report.html', page(`${this.run.recipe} — nabla report`, await this.body(result, new Date())));
    return written;
  }
}
