import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import * as viz from '../../src/viz/index.js';

describe('chart specs render to SVG', () => {
  it('lineChart draws named series with titles', async () => {
    const spec = viz.lineChart({ loss: [0.9, 0.5, 0.3, Number.NaN], val_loss: [1, 0.6, 0.45, 0.4] }, { title: 'Loss curves', xTitle: 'epoch' });
    expect((spec.data as { values: unknown[] }).values.length).toBe(8);
    const svg = await viz.renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['Loss curves', 'epoch', 'val_loss']) expect(svg).toContain(text);
    expect(() => viz.lineChart({ a: [1, 2] }, { x: [1] })).toThrow(/series 'a' has 2 values but x has 1/);
  });

  it('scatterChart colours [n, 2] points by class name', async () => {
    const pts = nb.tensor([[0, 0], [1, 1], [2, 0.5]]);
    const spec = viz.scatterChart(pts, { labels: nb.tensor([0, 1, 1], { dtype: 'int32' }), classNames: ['setosa', 'virginica'], title: 'Petals' });
    const svg = await viz.renderSvg(spec);
    for (const text of ['Petals', 'setosa', 'virginica']) expect(svg).toContain(text);
    expect(() => viz.scatterChart(nb.zeros([3]))).toThrow(/points must be \[n, 2\].*\[3\]/);
  });

  it('barChart and heatmap render their labels and values', async () => {
    const bars = await viz.renderSvg(viz.barChart({ sgd: 0.91, adam: 0.97 }, { title: 'Optimizers', yTitle: 'accuracy' }));
    for (const text of ['Optimizers', 'sgd', 'adam', 'accuracy']) expect(bars).toContain(text);
    const heat = await viz.renderSvg(viz.heatmap([[50, 2], [3, 45]], { xLabels: ['cat', 'dog'], yLabels: ['cat', 'dog'], xTitle: 'predicted', yTitle: 'true' }));
    for (const text of ['predicted', 'true', 'dog', '>45<', '>3<']) expect(heat).toContain(text);
    expect(() => viz.heatmap([[1, 2], [3]])).toThrow(/row 1 has 1 values, row 0 has 2/);
  });

  it('overlay layers a scatter and a line on one chart', async () => {
    const svg = await viz.renderSvg(
      viz.overlay([viz.scatterChart({ x: [0, 1, 2], y: [0, 1, 4] }, { title: 'Fit' }), viz.lineChart({ fit: [0, 1, 4] }, { x: [0, 1, 2] })]),
    );
    expect(svg).toContain('Fit');
    expect(svg).toContain('fit');
  });

  it('reports an invalid spec', async () => {
    await expect(viz.renderSvg({ mark: 'nonsense-mark', data: { values: [] } })).rejects.toThrow(/viz\.renderSvg: invalid Vega-Lite spec/);
  });
});

describe('PNG', () => {
  it('encodePng and decodePng round-trip gray, RGB and RGBA pixels', () => {
    for (const channels of [1, 3, 4] as const) {
      const data = Uint8Array.from({ length: 3 * 2 * channels }, (_, i) => (i * 37) % 256);
      const back = viz.decodePng(viz.encodePng({ width: 3, height: 2, channels, data }));
      expect([back.width, back.height]).toEqual([3, 2]);
      for (let p = 0; p < 6; p++) {
        const rgba = Array.from(back.data.subarray(p * 4, p * 4 + 4));
        const src = Array.from(data.subarray(p * channels, (p + 1) * channels));
        const expected = channels === 1 ? [src[0], src[0], src[0], 255] : channels === 3 ? [...src, 255] : src;
        expect(rgba).toEqual(expected);
      }
    }
    expect(() => viz.encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(3) })).toThrow(/needs 4 bytes, got 3/);
  });

  it('imageGrid lays images out with padding and scale', () => {
    // 5 images of 2×3, values in [0, 1]; image k is filled with k/4
    const imgs = nb.tensor(Float32Array.from({ length: 5 * 6 }, (_, i) => Math.floor(i / 6) / 4), { shape: [5, 2, 3, 1] });
    const png = viz.imageGrid(imgs, { cols: 3, scale: 2, padding: 1 });
    const img = viz.decodePng(png);
    // 3 columns of 6 px + 4 padding; 2 rows of 4 px + 3 padding
    expect([img.width, img.height]).toEqual([3 * 6 + 4, 2 * 4 + 3]);
    const at = (x: number, y: number) => img.data[(y * img.width + x) * 4]!;
    expect(at(0, 0)).toBe(255); // padding
    expect(at(1, 1)).toBe(0); // image 0
    expect(at(1 + 6 + 1, 1)).toBe(64); // image 1 = 0.25
    expect(at(1, 1 + 4 + 1)).toBe(191); // image 3 = 0.75
    expect(at(img.width - 2, img.height - 2)).toBe(255); // the empty sixth cell
    expect(() => viz.imageGrid(nb.zeros([2, 4, 4, 2]))).toThrow(/1, 3 or 4 channels, got 2/);
    expect(() => viz.imageGrid(imgs, { columns: 2 } as never)).toThrow(/unknown option "columns"/);
  });
});
