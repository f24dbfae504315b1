/**
 * The shape of an experiment of the notes, run by `nabla train <recipe>`. One file per recipe in
 * this folder exports a `Recipe`; `registry.ts` lists them. The runner (cli/) parses options, seeds
 * the generator, makes the run folder and the report, calls `run`, then writes report.html,
 * history.json and prints the result (a JSON line with --json).
 */
import type { Tensor } from '../tensor/tensor.js';

export type MetricValue = number | number[] | Record<string, number> | Record<string, number[]>;

export interface RecipeOptions {
  /** Overrides from the command line; undefined means the recipe's default. */
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed: number;
  /** The run folder (exists when run is called). */
  outDir: string;
  /** Whether the caller wants a final JSON line (human output is still allowed, before it). */
  json: boolean;
}

/** What a recipe hands back; the runner writes it to the report and the JSON line. */
export interface RecipeResult {
  /** Test-set (or final) metrics, named as the "Done when" names them. */
  metrics: Record<string, MetricValue>;
  /** Epochs actually trained (0 for closed-form methods). */
  epochs: number;
  /** Per-epoch logs, e.g. { loss: [...], val_loss: [...] }, written to history.json and charted. */
  history?: Record<string, number[]>;
}

/**
 * What a recipe may add to its report while it runs. Charts are Vega-Lite specs (rendered to SVG);
 * images are PNG bytes; tables are rows of cells.
 */
export interface ReportSink {
  text(heading: string, body: string): void;
  chart(title: string, vegaLiteSpec: Record<string, unknown>): void;
  image(title: string, png: Uint8Array, fileName: string): void;
  table(title: string, header: string[], rows: (string | number)[][]): void;
  /** The model summary (Keras-style table text) and, optionally, the saved model's folder name. */
  model(summary: string, savedDir?: string): void;
}

export interface RecipeContext extends RecipeOptions {
  report: ReportSink;
  /** Human-readable progress lines (to the terminal; never mixed into the JSON line). */
  log(line: string): void;
  /** Whether stdout is a terminal (fit's progress bar animates only then). */
  tty: boolean;
}

export interface Recipe {
  /** Name used on the command line, kebab-case, e.g. 'fashion-mlp'. */
  readonly name: string;
  /** One line for `nabla recipes`. */
  readonly description: string;
  /** Defaults shown by `nabla recipes` and used when no option overrides them. */
  readonly defaults: { epochs?: number; batchSize?: number; lr?: number };
  run(ctx: RecipeContext): Promise<RecipeResult>;
}

export type { Tensor };
