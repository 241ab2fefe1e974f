import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, test } from 'vitest';
import { useTestDb } from '../../../server/test/db.ts';
import { migrateSandbox } from './migrate.ts';

const db = useTestDb();

test('migrations apply once, in the sandbox schema only, and concurrent runs are safe', async () => {
  const tablesOutside = async (): Promise<string[]> =>
    (await db.pool().query<{ t: string }>("SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema NOT IN ('sandbox', 'pg_catalog', 'information_schema') ORDER BY 1")).rows.map((r) => r.t);
  const before = await tablesOutside();
  const runs = await Promise.all([migrateSandbox(db.url()), migrateSandbox(db.url())]);
  expect(runs.flat()).toEqual(['0001_business_center.sql']);
  expect(await migrateSandbox(db.url())).toEqual([]);
  expect(await tablesOutside()).toEqual(before);
  const sandboxTables = (await db.pool().query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'sandbox'")).rows[0]?.n;
  expect(sandboxTables).toBe(12);
});

test('a failing migration rolls back and names itself', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sbx-mig-'));
  await writeFile(join(dir, '0001_ok.sql'), 'CREATE TABLE sandbox.probe_ok (id int);');
  await writeFile(join(dir, '0002_bad.sql'), 'CREATE TABLE sandbox.probe_bad (id int); SELECT nope FROM nowhere;');
  await expect(migrateSandbox(db.url(), dir)).rejects.toThrow(/0002_bad\.sql/);
  const client = new pg.Client({ connectionString: db.url() });
  await client.connect();
  const names = (await client.query<{ name: string }>('SELECT name FROM sandbox.schema_migrations ORDER BY name')).rows.map((r) => r.name);
  const bad = await client.query("SELECT to_regclass('sandbox.probe_bad') AS t");
  await client.end();
  expect(names).toContain('0001_ok.sql');
  expect(names).not.toContain('0002_bad.sql');
  expect(bad.rows[0].t).toBeNull();
});
