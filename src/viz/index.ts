/**
 * Pictures and reports (Node): charts as Vega-Lite specs rendered to SVG, image grids as PNG, the
 * HTML run report and the Keras-style progress bar.
 * @example const svg = await nb.viz.renderSvg(nb.viz.lineChart({ loss }));
 */
export { lineChart, scatterChart, barChart, heatmap, overlay } from './charts.js';
export type { ChartSpec, ChartOptions, LineChartOptions, ScatterChartOptions, BarChartOptions, HeatmapOptions } from './charts.js';
export { renderSvg } from './render.js';
export { encodePng, decodePng, imageGrid, type RawImage, type ImageGridOptions } from './png.js';
export { HtmlReport, historyCharts, type ReportRun, type ReportResult } from './report.js';
export { ProgressBar, formatProgress, formatDuration, formatMetric, type ProgressState, type ProgressBarOptions } from './progress.js';
