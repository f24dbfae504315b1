/** The Node.js platform adapter: fs, path, process. Installed by `index.node.ts`. */
import { promises as fs, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

import { createRequire } from 'node:module';
import type { Platform } from './index.js';

const require = createRequire(import.meta.url);

export const nodePlatform: Platform = {
  name: 'node',
  async readFile(p) {
    return new Uint8Array(await fs.readFile(p));
  },
  readFileSync(p) {
    return new Uint8Array(readFileSync(p));
  },
  async writeFileAtomic(p, data) {
    await fs.mkdir(path.dirname(p), { recursive: true });
    const tmp = `${p}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, p);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  },
  async exists(p) {
    return existsSync(p);
  },
  async mkdir(p) {
    await fs.mkdir(p, { recursive: true });
  },
  async readdir(p) {
    return fs.readdir(p);
  },
  async rename(a, b) {
    await fs.rename(a, b);
  },
  async remove(p) {
    await fs.rm(p, { recursive: true, force: true });
  },
  joinPath: (...parts) => path.join(...parts),
  cacheDir() {
    return process.env.NABLA_CACHE_DIR ?? path.join(process.cwd(), '.cache', 'nabla');
  },
  resolvePackageDir(name) {
    try {
      return path.dirname(require.resolve(`${name}/package.json`));
    } catch {
      return null;
    }
  },
  isTTY: () => Boolean(process.stdout.isTTY),
  write: (text) => void process.stdout.write(text),
  env: (name) => process.env[name],
};

