/**
 * The recipes `nabla train <recipe>` can run, in the order `nabla recipes` lists them. To add one,
 * write `src/recipes/<name>.ts` exporting a `Recipe` (see types.ts) and add it to this list.
 */
import { ConfigError } from '../errors.js';
import type { Recipe } from './types.js';
import { celsius } from './celsius.js';
import { perceptronAnd, perceptronOr } from './perceptron.js';
import { xor } from './xor.js';
import { iris } from './iris.js';
import { mnistMlp } from './mnist-mlp.js';
import { fashionMlp } from './fashion-mlp.js';
import { optimizers } from './optimizers.js';
import { regularization } from './regularization.js';
import { kfold } from './kfold.js';
import { baseline } from './baseline.js';
import { fashionCnn } from './fashion-cnn.js';
import { mnistCnn } from './mnist-cnn.js';
import { augmentation } from './augmentation.js';
import { transfer } from './transfer.js';
import { filters } from './filters.js';
import { linreg } from './linreg.js';
import { polyfit } from './polyfit.js';
import { knn } from './knn.js';
import { kmeans } from './kmeans.js';
import { pca } from './pca.js';
import { tsne } from './tsne.js';
import { newton } from './newton.js';

export const recipes: readonly Recipe[] = [
  // dense networks (issue 3)
  celsius, perceptronAnd, perceptronOr, xor, iris, mnistMlp, fashionMlp, optimizers, regularization, kfold,
  // convolutional networks (issue 5)
  fashionCnn, mnistCnn, augmentation, transfer, filters,
  // classical machine learning (issue 6)
  linreg, polyfit, knn, kmeans, pca, tsne, newton, baseline,
];

/** Problems with a recipe list (bad or duplicate names, missing descriptions); empty when it is fine. */
export function registryProblems(list: readonly Recipe[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of list) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(r.name)) problems.push(`recipe name ${JSON.stringify(r.name)} is not kebab-case`);
    if (seen.has(r.name)) problems.push(`recipe name '${r.name}' is used twice`);
    seen.add(r.name);
    if (!r.description || r.description.includes('\n')) problems.push(`recipe '${r.name}' needs a one-line description`);
    if (typeof r.run !== 'function') problems.push(`recipe '${r.name}' has no run function`);
    for (const [k, v] of Object.entries(r.defaults ?? {})) {
      if (!['epochs', 'batchSize', 'lr'].includes(k)) problems.push(`recipe '${r.name}' has an unknown default '${k}'`);
      else if (typeof v !== 'number' || !(v > 0)) problems.push(`recipe '${r.name}' default ${k} must be a positive number, got ${v}`);
    }
  }
  return problems;
}

/** The recipe called `name`; a ConfigError listing the valid names when there is none. */
export function findRecipe(name: string, list: readonly Recipe[] = recipes): Recipe {
  const found = list.find((r) => r.name === name);
  if (found) return found;
  const valid = list.map((r) => r.name);
  throw new ConfigError(`unknown recipe '${name}'; ${valid.length ? `valid recipes are: ${valid.join(', ')}` : 'no recipes are registered yet'}`);
}
