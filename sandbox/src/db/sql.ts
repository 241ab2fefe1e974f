import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../server/src/db/client.ts';

export { sql, type SQL };
export type { Executor };

/**
 * Runs raw SQL on Latchkey's drizzle handle (reused for its pool and `tx()` retries; the sandbox
 * has no drizzle tables of its own). Drizzle hands timestamps back as text, so every column
 * aliased `…At` is turned into a Date here: one convention instead of a mapper per query.
 *
 * @example const rows = await many<{ id: string; createdAt: Date }>(ex, sql`SELECT id, created_at AS "createdAt" FROM sandbox.assets`);
 */
export async function many<T>(ex: Executor, query: SQL): Promise<T[]> {
  const result = await ex.execute(query);
  return result.rows.map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const [k, v] of Object.entries(out)) if (k.endsWith('At') && typeof v === 'string') out[k] = new Date(v);
    return out as T;
  });
}

export async function first<T>(ex: Executor, query: SQL): Promise<T | null> {
  return (await many<T>(ex, query))[0] ?? null;
}

/** Affected row count of an UPDATE or DELETE. */
export async function count(ex: Executor, query: SQL): Promise<number> {
  return (await ex.execute(query)).rowCount ?? 0;
}
