/**
 * Runs one recipe the way `nabla train` does: seeds the global generator, makes the run folder,
 * hands the recipe a context (options with the recipe's defaults filled in, a report, a logger),
 * then writes report.html, history.json and metrics.json and returns the summary that becomes the
 * `--json` line.
 */
import { ConfigError, NablaError, NumericalError } from '../errors.js';
import { onDivergence } from '../train/loops.js';
import { platform } from '../platform/index.js';
import { seed as seedGlobal } from '../random.js';
import { HtmlReport } from '../viz/report.js';
import type { MetricValue, Recipe, RecipeContext, RecipeResult, ReportSink } from './types.js';

/** The default seed of `nabla train` when `--seed` is not given. */
export const DEFAULT_SEED = 42;

export interface RunOptions {
  epochs?: number;
  batchSize?: number;
  lr?: number;
  /** Seed for `nb.seed` (default 42). */
  seed?: number;
  /** The run folder; default `<runsDir>/<recipe>-<YYYYMMDD-HHMMSS>`. */
  out?: string;
  /** Parent of the default run folders (default 'runs' in the working directory). */
  runsDir?: string;
  json?: boolean;
  /** Whether stdout is a terminal (progress bars animate only then). */
  tty?: boolean;
  /** Receives the recipe's progress lines (default: platform().write with a newline). */
  log?: (line: string) => void;
  /** Clock for the folder name (default: now). */
  now?: () => Date;
}

/** What a run produced: the fields of the `--json` line. */
export interface RunSummary {
  recipe: string;
  metrics: Record<string, MetricValue>;
  epochs: number;
  seconds: number;
  out: string;
}

/** The local time as YYYYMMDD-HHMMSS. */
export function timestamp(d: Date): string {
  const two = (v: number) => String(v).padStart(2, '0');
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

function checkResult(name: string, r: unknown): RecipeResult {
  const res = r as RecipeResult | null;
  if (res === null || typeof res !== 'object') throw new NablaError(`recipe '${name}' returned ${res === null ? 'null' : typeof res}, not { metrics, epochs }`);
  if (res.metrics === null || typeof res.metrics !== 'object') throw new NablaError(`recipe '${name}' returned no metrics object`);
  if (typeof res.epochs !== 'number' || !(res.epochs >= 0)) throw new NablaError(`recipe '${name}' returned epochs = ${String(res.epochs)}, not a count`);
  if (res.history !== undefined) {
    for (const [k, v] of Object.entries(res.history)) {
      if (!Array.isArray(v)) throw new NablaError(`recipe '${name}' returned history.${k} that is not an array of numbers`);
    }
  }
  return res;
}

/** A new run folder path `<runsDir>/<recipe>-<YYYYMMDD-HHMMSS>` (with `-2`, `-3`… if that exists already). */
export async function defaultRunDir(recipe: string, runsDir = 'runs', now: Date = new Date()): Promise<string> {
  const p = platform('nabla train');
  const base = p.joinPath(runsDir, `${recipe}-${timestamp(now)}`);
  if (!(await p.exists(base))) return base;
  for (let i = 2; ; i++) if (!(await p.exists(`${base}-${i}`))) return `${base}-${i}`;
}

/**
 * Runs `recipe` and writes its report folder. A failing recipe still gets a report (with the
 * error), then its error is rethrown.
 * @example const summary = await runRecipe(recipe, { epochs: 2, seed: 0 }); // summary.out: 'runs/xor-20250101-120000'
 */
export async function runRecipe(recipe: Recipe, options: RunOptions = {}): Promise<RunSummary> {
  const p = platform('nabla train');
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new ConfigError(`nabla train: seed must be an integer, got ${seed}`);
  const out = options.out ?? (await defaultRunDir(recipe.name, options.runsDir, (options.now ?? (() => new Date()))()));
  try {
    await p.mkdir(out);
  } catch (e) {
    if (e instanceof NablaError) throw e;
    const code = (e as { code?: string }).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
    throw new ConfigError({ op: 'nabla train', arg: '--out', detail: `cannot make the run folder ${JSON.stringify(out)}: ${why}` });
  }
  const epochs = options.epochs ?? recipe.defaults.epochs;
  const batchSize = options.batchSize ?? recipe.defaults.batchSize;
  const lr = options.lr ?? recipe.defaults.lr;
  const report = new HtmlReport(out, {
    recipe: recipe.name,
    description: recipe.description,
    options: { epochs, 'batch size': batchSize, 'learning rate': lr, seed },
  });
  const sink: ReportSink = report;
  const log = options.log ?? ((line: string) => p.write(`${line}\n`));
  const ctx: RecipeContext = { epochs, batchSize, lr, seed, outDir: out, json: options.json ?? false, report: sink, log, tty: options.tty ?? false };
  seedGlobal(seed);
  const t0 = Date.now();
  let result: RecipeResult;
  const diverged: string[] = [];
  const stopListening = onDivergence((reason) => diverged.push(reason));
  try {
    result = checkResult(recipe.name, await recipe.run(ctx));
    // A run whose training diverged has no result worth reporting as one, whatever it computed after.
    if (diverged.length) throw new NumericalError({ op: 'nabla train', detail: `training diverged: ${diverged[0]!.replace(/^fit: /, '')}`, code: 'E_NUMERIC_DIVERGED' });
  } catch (e) {
    const seconds = (Date.now() - t0) / 1000;
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    try {
      await report.write({ metrics: {}, epochs: 0, seconds, error: message, extra: { recipe: recipe.name, out } });
    } catch {
      // the original error matters more than a report that could not be written
    }
    throw e;
  } finally {
    stopListening();
  }
  const seconds = Math.round((Date.now() - t0) / 10) / 100;
  const summary: RunSummary = { recipe: recipe.name, metrics: result.metrics, epochs: result.epochs, seconds, out };
  await report.write({ metrics: result.metrics, epochs: result.epochs, seconds, history: result.history, extra: { recipe: recipe.name, out } });
  return summary;
}
