/** Renders the benchmark results as one plain-text table with nabla's ratio to each peer. */
import { type Group, type Outcome, WORKLOADS } from './common.js';

export interface Column {
  id: string;
  /** Whether the table shows nabla / this peer. */
  ratio: boolean;
}

export interface TableInput {
  machine: string;
  groups: Group[];
  columns: Column[];
  results: Record<string, Record<string, Outcome>>;
  rss: Record<string, Record<string, number>>;
  infos: Map<string, string>;
  torchNote: string | null;
}

function fmt(v: number): string {
  if (v >= 1000) return Math.round(v).toLocaleString('en-US');
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function cell(o: Outcome | undefined): string {
  if (o === undefined) return '';
  return typeof o === 'number' ? fmt(o) : '—';
}

export function renderTable(t: TableInput): string {
  const ratioCols = t.columns.filter((c) => c.ratio);
  const header = ['workload', 'unit', ...t.columns.map((c) => c.id), ...ratioCols.map((c) => `nabla/${c.id}`)];
  const rows: string[][] = [];
  const notes: string[] = [];
  const measured = (key: string) => t.columns.some((c) => {
    const o = t.results[c.id]?.[key];
    return o !== undefined && (typeof o === 'number' || o.skipped !== 'not run');
  });
  for (const w of WORKLOADS.filter((w) => t.groups.includes(w.group) && measured(w.key))) {
    const base = t.results.nabla?.[w.key];
    const row = [w.label, w.unit];
    for (const c of t.columns) {
      const o = t.results[c.id]?.[w.key];
      row.push(cell(o));
      if (o !== undefined && typeof o !== 'number' && o.skipped !== 'not run') notes.push(`${c.id}, ${w.label}: ${o.skipped}`);
    }
    for (const c of ratioCols) {
      const o = t.results[c.id]?.[w.key];
      row.push(typeof base === 'number' && typeof o === 'number' ? `${(base / o).toFixed(2)}×` : '—');
    }
    rows.push(row);
  }
  for (const g of t.groups) {
    rows.push([`peak RSS, ${g}`, 'MiB', ...t.columns.map((c) => (t.rss[c.id]?.[g] !== undefined ? fmt(t.rss[c.id]![g]!) : '')), ...ratioCols.map(() => '')]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((s, i) => (i < 2 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ');
  const out = [`nabla bench — ${t.machine}`];
  for (const [id, info] of t.infos) out.push(`  ${id}: ${info}`);
  if (t.torchNote) out.push(`  torch: ${t.torchNote}`);
  out.push('', line(header), line(header.map((_, i) => '-'.repeat(widths[i]!))), ...rows.map(line));
  out.push('', 'Throughputs are medians over repeats after warm-up; higher is better. — : not measured (see notes).');
  if (notes.length) out.push('Notes:', ...[...new Set(notes)].map((n) => `  ${n}`));
  return out.join('\n') + '\n';
}
