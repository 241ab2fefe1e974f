import { mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { hydrateSymlinks } from './binaries.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

test('hydrateSymlinks re-creates the library links relative to their directory, once', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lk-hydrate-'));
  dirs.push(root);
  await mkdir(join(root, 'native', 'lib'), { recursive: true });
  await writeFile(join(root, 'native', 'lib', 'libpq.so.5.18'), 'elf');
  await writeFile(
    join(root, 'native', 'pg-symlinks.json'),
    JSON.stringify([
      { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so' },
      { source: 'native/lib/libpq.so.5.18', target: 'native/lib/libpq.so.5' },
    ]),
  );

  expect(await hydrateSymlinks(root)).toBe(2);
  expect(await readlink(join(root, 'native', 'lib', 'libpq.so.5'))).toBe('libpq.so.5.18');
  expect(await readFile(join(root, 'native', 'lib', 'libpq.so'), 'utf8')).toBe('elf');
  expect(await hydrateSymlinks(root)).toBe(0);
});

test('hydrateSymlinks does nothing without a links file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lk-hydrate-'));
  dirs.push(root);
  expect(await hydrateSymlinks(root)).toBe(0);
});
