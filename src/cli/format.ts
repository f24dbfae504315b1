/** Text the `nabla` command prints: option parsers, the recipe list and the run summary. */
import { InvalidArgumentError } from 'commander';
import type { Recipe } from '../recipes/types.js';
import type { RunSummary } from '../recipes/runner.js';
import { formatValue } from '../viz/html.js';

/** Parses a positive integer option value (`--epochs 5`). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

/** Parses a non-negative integer option value (`--seed 0`). */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'`);
  return n;
}

/** Parses a positive number option value (`--lr 1e-3`). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got '${value}'`);
  return n;
}

function defaultsText(r: Recipe): string {
  const d = r.defaults ?? {};
  const parts: string[] = [];
  if (d.epochs !== undefined) parts.push(`epochs ${d.epochs}`);
  if (d.batchSize !== undefined) parts.push(`batch size ${d.batchSize}`);
  if (d.lr !== undefined) parts.push(`lr ${d.lr}`);
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** One line per recipe: name, description, defaults, in aligned columns. */
export function recipeLines(list: readonly Recipe[]): string[] {
  const width = Math.max(0, ...list.map((r) => r.name.length));
  return list.map((r) => `${r.name.padEnd(width)}  ${r.description}${defaultsText(r) ? `  ${defaultsText(r)}` : ''}`);
}

/** The human summary printed after a run. */
export function summaryLines(s: RunSummary, seed: number): string[] {
  const lines = [`${s.recipe}: ${s.epochs} epoch${s.epochs === 1 ? '' : 's'} in ${s.seconds.toFixed(2)} s (seed ${seed})`];
  const entries = Object.entries(s.metrics);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  for (const [k, v] of entries) lines.push(`  ${k.padEnd(width)}  ${formatValue(v)}`);
  lines.push(`report: ${s.out}/report.html`);
  return lines;
}

/** The `--json` line: exactly one JSON object; non-finite numbers become null. */
export function jsonLine(s: RunSummary): string {
  return JSON.stringify({ recipe: s.recipe, metrics: s.metrics, epochs: s.epochs, seconds: s.seconds, out: s.out });
}
