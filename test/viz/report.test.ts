import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from 'nabla';
import * as viz from '../../src/viz/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'nabla-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('historyCharts', () => {
  it('pairs each metric with its val_ twin, one chart each', () => {
    const charts = viz.historyCharts({ loss: [1, 0.5], accuracy: [0.5, 0.8], val_loss: [1.1, 0.7], val_accuracy: [0.4, 0.7], lr: [0.1, 0.05], val_extra: [3, 2] });
    expect(charts.map((c) => c.title)).toEqual(['loss', 'accuracy', 'lr', 'val_extra']);
    const series = (i: number) => [...new Set((charts[i]!.spec.data as { values: { series: string }[] }).values.map((v) => v.series))];
    expect(series(0)).toEqual(['loss', 'val_loss']);
    expect(series(1)).toEqual(['accuracy', 'val_accuracy']);
  });
});

describe('HtmlReport', () => {
  it('writes a self-contained page, the images beside it, history.json and metrics.json', async () => {
    const dir = join(tmp, 'r1');
    const report = new viz.HtmlReport(dir, { recipe: 'demo <run>', description: 'A demo', options: { epochs: 2, seed: 1, lr: undefined } });
    report.text('Note', 'line 1\n<b>not bold</b>');
    report.chart('A bar chart', viz.barChart({ a: 1, b: 2 }));
    const png = viz.imageGrid(nb.ones([2, 3, 3, 1]), { padding: 0 });
    report.image('Grid', png, 'grid');
    report.image('Grid again', png, 'grid.png');
    report.table('Numbers', ['k', 'v'], [['pi', Math.PI], ['n', 3]]);
    report.chart('Broken', { mark: 'no-such-mark' });
    const written = await report.write({ metrics: { accuracy: 0.975, perClass: [0.9, 1] }, epochs: 2, seconds: 1.5, history: { loss: [0.6, 0.3] }, extra: { recipe: 'demo' } });
    expect(readdirSync(dir).sort()).toEqual(['grid-2.png', 'grid.png', 'history.json', 'metrics.json', 'report.html']);
    expect(written.length).toBe(5);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const text of ['<h1>demo &lt;run&gt;</h1>', 'A demo', '&lt;b&gt;not bold&lt;/b&gt;', 'src="grid.png"', 'src="grid-2.png"', '3.1416', '0.9750', '[0.9000, 1]', 'epochs <b>2</b>']) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain('lr <b>');
    expect(html).toContain('This chart could not be rendered');
    expect((html.match(/<svg/g) ?? []).length).toBe(2);
    expect(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'))).toEqual({ recipe: 'demo', metrics: { accuracy: 0.975, perClass: [0.9, 1] }, epochs: 2, seconds: 1.5 });
    expect(JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8'))).toEqual({ loss: [0.6, 0.3] });
    expect(viz.decodePng(readFileSync(join(dir, 'grid.png'))).width).toBe(6);
  });

  it('refuses image names that would leave the folder', () => {
    const report = new viz.HtmlReport(join(tmp, 'r2'), { recipe: 'x' });
    expect(() => report.image('bad', new Uint8Array(1), '../evil.png')).toThrow(/must be a plain file name/);
    expect(() => report.image('bad', new Uint8Array(1), 'a/b.png')).toThrow(nb.ConfigError);
  });
});
