/** The benchmark's output: aligned text tables for the terminal, the same tables as Markdown for the record. */

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  notes: string[];
}

const numeric = /^[><≈]?\s?[\d.,]+( ?(s|ms|×))?$/;

export function renderText(table: Table): string {
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (numeric.test(cell) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [table.title, line(table.headers), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of table.rows) out.push(line(row));
  for (const note of table.notes) out.push(note);
  return out.join('\n');
}

export function renderMarkdown(table: Table): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  const out = [`### ${table.title}`, '', `| ${table.headers.map(escape).join(' | ')} |`];
  out.push(`|${table.headers.map((_, i) => (table.rows.some((r) => numeric.test(r[i] ?? '')) ? '---:' : '---')).join('|')}|`);
  for (const row of table.rows) out.push(`| ${row.map(escape).join(' | ')} |`);
  if (table.notes.length > 0) out.push('', ...table.notes.map((n) => `${n}  `));
  return out.join('\n');
}

export function seconds(s: number): string {
  if (s < 0.01) return s.toFixed(4);
  if (s < 10) return s.toFixed(3);
  return s.toFixed(1);
}

export function millis(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}

/** Reference time over ours: above 1 means the engine is faster. */
export function ratio(reference: number, ours: number): string {
  if (!(ours > 0)) return '-';
  const r = reference / ours;
  return `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
