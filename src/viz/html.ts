/** Small HTML helpers for reports: escaping, tables, metric formatting, the page shell and its CSS. */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A number as a report shows it: integers as they are, others with 4 significant decimals. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  return v.toFixed(4);
}

/** Any metric value (number, array, record) as short text. */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) {
    const shown = v.slice(0, 12).map((x) => formatValue(x));
    return `[${shown.join(', ')}${v.length > 12 ? `, … (${v.length})` : ''}]`;
  }
  if (v !== null && typeof v === 'object') {
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join(', ');
  }
  return String(v);
}

/** An HTML table; numeric cells are right-aligned. */
export function htmlTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const head = header.length ? `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` : '';
  const body = rows
    .map((r) => `<tr>${r.map((c) => (typeof c === 'number' ? `<td class="num">${escapeHtml(formatNumber(c))}</td>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table>${head}<tbody>${body}</tbody></table>`;
}

const CSS = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d8dee4; --accent: #0969da; --bg: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 24px 64px; }
header { border-bottom: 1px solid var(--line); margin-bottom: 24px; padding-bottom: 12px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 8px; color: var(--muted); font-weight: 600; }
.sub { color: var(--muted); margin: 0; }
.meta { display: flex; flex-wrap: wrap; gap: 8px 20px; color: var(--muted); font-size: 13px; margin-top: 8px; }
.meta b { color: var(--fg); font-weight: 600; }
table { border-collapse: collapse; font-size: 14px; margin: 4px 0 8px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 14px 5px 0; text-align: left; vertical-align: top; }
th { font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 20px; }
figure { margin: 0; padding: 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; }
figure svg, figure img { max-width: 100%; height: auto; display: block; }
figure img { image-rendering: pixelated; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow-x: auto; font-size: 13px; line-height: 1.4; }
p.text { white-space: pre-wrap; }
.error { color: #cf222e; }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; }
`;

/** The complete HTML page around `body`. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
