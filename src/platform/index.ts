/**
 * Platform adapters: the engine never imports Node built-ins. File access (saving models, the
 * data-set cache, reports) goes through the adapter installed at start-up: the Node entry
 * (`index.node.ts`, chosen by the package's "node" export condition) installs `nodePlatform`;
 * in a browser none is installed and file operations throw a clear error.
 */
import { ConfigError } from '../errors.js';

export interface Platform {
  readonly name: string;
  readFile(path: string): Promise<Uint8Array>;
  readFileSync?(path: string): Uint8Array;
  /** Writes atomically: a temporary file beside the target, then a rename. */
  writeFileAtomic(path: string, data: Uint8Array | string): Promise<void>;
  exists(path: string): Promise<boolean>;
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  joinPath(...parts: string[]): string;
  /** Directory for caches (e.g. converted data sets). */
  cacheDir(): string;
  /** Resolves a package's installed directory (for data sets shipped as npm packages), or null. */
  resolvePackageDir?(name: string): string | null;
  /** Whether stdout is an interactive terminal (progress bars) and how to write to it. */
  isTTY(): boolean;
  write(text: string): void;
  env(name: string): string | undefined;
}

let current: Platform | null = null;

export function setPlatform(p: Platform): void {
  current = p;
}

/** The installed platform; throws a ConfigError naming the operation when there is none (browser without an adapter). */
export function platform(op = 'this operation'): Platform {
  if (!current) throw new ConfigError(`${op} needs file access, which is not available on this platform (no platform adapter is installed)`);
  return current;
}

export function hasPlatform(): boolean {
  return current !== null;
}
