import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../src/db/migrate.ts';
import { ensureTemplate, hashTree, migrationsDir, startTestCluster, sweepStaleTestDirs } from './test-pg.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser (or CREATEDB) URL on the test server, database `postgres`. */
    pgAdminUrl: string;
    /** Name of the migrated template database to clone per test file. */
    pgTemplate: string;
  }
}

interface Prepared {
  adminUrl: string;
  template: string;
  stop(): Promise<void>;
}

async function prepare(): Promise<Prepared> {
  const external = process.env.TEST_DATABASE_URL;
  let adminUrl: string;
  let stop: () => Promise<void>;
  if (external) {
    adminUrl = external;
    stop = async () => undefined;
  } else {
    await sweepStaleTestDirs();
    const cluster = await startTestCluster();
    adminUrl = cluster.adminUrl;
    stop = cluster.stop;
  }
  try {
    const template = `tpl_${await hashTree(migrationsDir)}`;
    // Before the first `drizzle-kit generate` there is nothing to run; the template is just empty.
    const hasMigrations = await access(join(migrationsDir, 'meta', '_journal.json')).then(() => true, () => false);
    await ensureTemplate(adminUrl, template, hasMigrations ? runMigrations : async () => undefined);
    return { adminUrl, template, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

// server-int and e2e both list this file; when they run together they share one server.
let shared: Promise<Prepared> | null = null;
let users = 0;

/**
 * Vitest globalSetup (stack.md §9.2): one throwaway PostgreSQL per run (or `TEST_DATABASE_URL`), a
 * migrated template database, and both names provided to tests. Teardown prints nothing.
 *
 * @example // vitest.config.ts: test: { globalSetup: ['./server/test/global-setup.ts'] }
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  users++;
  shared ??= prepare();
  let prepared: Prepared;
  try {
    prepared = await shared;
  } catch (e) {
    users--;
    shared = null;
    throw e;
  }
  project.provide('pgAdminUrl', prepared.adminUrl);
  project.provide('pgTemplate', prepared.template);
  return async () => {
    users--;
    if (users > 0) return;
    shared = null;
    await prepared.stop();
  };
}
