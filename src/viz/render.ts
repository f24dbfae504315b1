/** Rendering Vega-Lite specs to SVG in Node (vega and vega-lite are loaded on first use). */
import { ConfigError } from '../errors.js';
import type { ChartSpec } from './charts.js';

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');

let modules: Promise<[VegaModule, VegaLiteModule]> | null = null;

function load(): Promise<[VegaModule, VegaLiteModule]> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]).catch((e: unknown) => {
    modules = null;
    throw new ConfigError(`viz.renderSvg: could not load the 'vega' and 'vega-lite' packages (${(e as Error).message}); install them with: npm install vega vega-lite`);
  });
  return modules;
}

/**
 * Renders a Vega-Lite spec to an SVG string, without a browser or canvas (text widths are estimated).
 * @example const svg = await nb.viz.renderSvg(nb.viz.lineChart({ loss }));
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  if (spec === null || typeof spec !== 'object') throw new ConfigError(`viz.renderSvg: expected a Vega-Lite spec object, got ${spec === null ? 'null' : typeof spec}`);
  const [vega, vl] = await load();
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => void warnings.push(a.join(' ')),
    warn: (...a: unknown[]) => void warnings.push(a.join(' ')),
    info: () => logger,
    debug: () => logger,
  };
  let compiled: ReturnType<VegaLiteModule['compile']>;
  try {
    compiled = vl.compile(spec as unknown as Parameters<VegaLiteModule['compile']>[0], { logger: logger as never });
  } catch (e) {
    throw new ConfigError(`viz.renderSvg: invalid Vega-Lite spec: ${(e as Error).message}`);
  }
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
