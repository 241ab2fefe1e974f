import type { BenchResult } from './measure.ts';

const fmtRate = (ops: number): string =>
  ops >= 1e6 ? `${(ops / 1e6).toFixed(2)} M/s` : ops >= 1e3 ? `${(ops / 1e3).toFixed(1)} k/s` : `${ops.toFixed(0)} /s`;

/** A fixed-width table: one row per bench, then each budget's justification. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['bench', 'subject', 'baseline', 'ratio', 'budget', 'ok'];
  const rows = results.map((r) => [
    r.name,
    `${r.subject} ${fmtRate(r.subjectOpsPerSec)}`,
    `${r.baseline} ${fmtRate(r.baselineOpsPerSec)}`,
    `${r.ratio.toFixed(2)}x`,
    `>= ${r.minRatio}x`,
    r.pass ? 'yes' : 'MISSED',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd();
  const notes = results.map((r) => `  ${r.name}: budget ${r.minRatio}x because ${r.why}`);
  const figures = results.flatMap((r) => (r.notes ?? []).map((n) => `  ${r.name}: ${n}`));
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', 'Budgets:', ...notes, ...(figures.length ? ['', 'Figures:', ...figures] : [])].join('\n');
}

export interface BenchReport {
  node: string;
  platform: string;
  startedAt: string;
  results: BenchResult[];
  pass: boolean;
}

export function toReport(results: BenchResult[], startedAt: Date): BenchReport {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    startedAt: startedAt.toISOString(),
    results,
    pass: results.every((r) => r.pass),
  };
}
