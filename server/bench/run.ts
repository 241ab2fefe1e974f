/**
 * `npm run bench`: runs every `*.bench.ts` next to this file, prints a table of subject vs baseline rates and
 * the JSON report (to stdout, or to the file given by `--json <path>`), and exits 1 when a budget is missed.
 * `--filter <text>` runs only benches whose name contains the text.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measure, measureAsync, type BenchResult } from './measure.ts';
import { stopBenchPostgres } from './pg.ts';
import { isAsyncBench, isBenchModule, type AnyBench } from './registry.ts';
import { formatTable, toReport } from './report.ts';

function argValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
  return value;
}

async function loadBenches(dir: string): Promise<AnyBench[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
  const benches: AnyBench[] = [];
  for (const file of files) {
    const mod: unknown = await import(pathToFileURL(join(dir, file)).href);
    if (!isBenchModule(mod)) throw new Error(`${file} must export "benches: Bench[]"`);
    benches.push(...mod.benches);
  }
  return benches;
}

async function main(args: readonly string[]): Promise<number> {
  const jsonPath = argValue(args, '--json');
  const filter = argValue(args, '--filter');
  const startedAt = new Date();
  const all = await loadBenches(dirname(fileURLToPath(import.meta.url)));
  const selected = filter === undefined ? all : all.filter((b) => b.name.includes(filter));
  if (selected.length === 0) throw new Error('No benches selected');

  const results: BenchResult[] = [];
  try {
    for (const bench of selected) {
      process.stderr.write(`running ${bench.name}…\n`);
      results.push(isAsyncBench(bench) ? await measureAsync(bench) : measure(bench));
    }
  } finally {
    // Database benches share one throwaway PostgreSQL, started on first use.
    await stopBenchPostgres();
  }
  const report = toReport(results, startedAt);
  console.log(formatTable(results));
  const json = JSON.stringify(report, null, 2);
  if (jsonPath !== undefined) {
    await writeFile(jsonPath, `${json}\n`);
    console.log(`\nJSON report written to ${jsonPath}`);
  } else {
    console.log(`\n${json}`);
  }
  const missed = results.filter((r) => !r.pass).map((r) => r.name);
  if (missed.length > 0) console.error(`\nBudget missed: ${missed.join(', ')}`);
  return missed.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  },
);
