/**
 * Weights by name: the walk that gives every variable of a layer tree its dotted name, and the
 * strict loading that reports every missing, unexpected and mis-shaped name in one error.
 */
import { DataError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Variable } from './variable.js';

/** What the walk needs of a layer (the Layer class, without importing it). */
interface Walkable {
  ownVariables(): [string, Variable][];
  namedChildren(): [string, Walkable][];
}

/** Every variable under `root` with its dotted path (field names, `layers.0` in models), each once. */
export function walkWeights(root: Walkable): [string, Variable][] {
  const out: [string, Variable][] = [];
  const seenV = new Set<Variable>();
  const seenL = new Set<Walkable>();
  const visit = (l: Walkable, prefix: string) => {
    if (seenL.has(l)) return;
    seenL.add(l);
    for (const [k, v] of l.ownVariables()) {
      if (seenV.has(v)) continue;
      seenV.add(v);
      out.push([prefix + k, v]);
    }
    for (const [k, c] of l.namedChildren()) visit(c, `${prefix}${k}.`);
  };
  visit(root, '');
  return out;
}

/** Checks `state` against `own` (all problems in one DataError naming `label` and `source`), then copies it in. */
export function loadStateDictInto(
  label: string,
  own: readonly [string, Variable][],
  state: Readonly<Record<string, Tensor>>,
  options: { strict?: boolean; source?: string },
): void {
  const strict = options.strict ?? true;
  const missing: string[] = [];
  const wrong: string[] = [];
  const known = new Set<string>();
  for (const [k, v] of own) {
    known.add(k);
    const t = state[k];
    const who = v.name !== k ? ` [${v.name}]` : '';
    if (!t) missing.push(k + who);
    else if (!shapesEqual(t.shape, v.shape)) wrong.push(`${k}${who} (expected ${fmtShape(v.shape)}, got ${fmtShape(t.shape)})`);
  }
  const unexpected = Object.keys(state).filter((k) => !known.has(k));
  const problems: string[] = [];
  if (strict && missing.length) problems.push(`missing: ${missing.join(', ')}`);
  if (strict && unexpected.length) problems.push(`unexpected: ${unexpected.join(', ')}`);
  if (wrong.length) problems.push(`wrong shape: ${wrong.join('; ')}`);
  if (problems.length) throw new DataError(`${label}.loadStateDict${options.source ? ` (${options.source})` : ''}: ${problems.join('; ')}`);
  for (const [k, v] of own) if (state[k]) v.assign(state[k]!);
}
