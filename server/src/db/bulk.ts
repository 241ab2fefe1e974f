import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.ts';

/** Rows per statement: one JSON parameter of 1,000 rows is a few hundred kilobytes. */
export const bulkChunk = 1000;

function jsonValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) throw new TypeError('bulk inserts do not carry bytea columns');
  return v ?? null;
}

/**
 * Inserts many rows with one JSON parameter per 1,000 rows (`insert … select … from
 * jsonb_to_recordset($1)`). Drizzle's multi-row `values()` spends 0.1-0.3 ms per row building SQL
 * with one parameter per cell, which made a 100,000-person sync spend minutes in query building.
 * The columns are the keys of the first row (the others must have the same keys); columns left out
 * take their defaults. Values go through JSON: dates as ISO strings, jsonb columns as JSON.
 *
 * @example await insertMany(tx, hubMembers, rows, { onConflictDoNothing: true });
 */
export async function insertMany<T extends PgTable>(ex: Executor, table: T, rows: readonly T['$inferInsert'][], opts: { onConflictDoNothing?: boolean } = {}): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const keys = Object.keys(first).filter((k) => columns[k]);
  const names = keys.map((k) => sql`${sql.identifier(columns[k]!.name)}`);
  const typed = keys.map((k) => sql.raw(`${JSON.stringify(columns[k]!.name)} ${columns[k]!.getSQLType()}`));
  const list = (parts: SQL[]): SQL => sql.join(parts, sql`, `);
  for (let i = 0; i < rows.length; i += bulkChunk) {
    const batch = JSON.stringify(rows.slice(i, i + bulkChunk).map((r) => Object.fromEntries(keys.map((k) => [columns[k]!.name, jsonValue((r as Record<string, unknown>)[k])]))));
    await ex.execute(sql`insert into ${sql.identifier(getTableName(table))} (${list(names)})
      select ${list(names)} from jsonb_to_recordset(${batch}::jsonb) as x(${list(typed)})${opts.onConflictDoNothing ? sql` on conflict do nothing` : sql``}`);
  }
}

/** `column = any(<ids>)` with the ids as one array parameter, instead of one parameter per id. */
export function anyUuid(column: AnyPgColumn, ids: readonly string[]): SQL {
  return sql`${column} = any(${`{${ids.join(',')}}`}::uuid[])`;
}
