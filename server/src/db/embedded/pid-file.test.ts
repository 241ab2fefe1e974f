import { describe, expect, test } from 'vitest';
import { parsePidFile } from './pid-file.ts';

describe('parsePidFile', () => {
  test('reads pid, port, socket dir and status from the postmaster.pid lines', () => {
    const text = '4242\n/data/pg\n1763800000\n5433\n/data/pg\n\n  1234567     98304\nready   \n';
    expect(parsePidFile(text)).toEqual({ pid: 4242, port: 5433, socketDir: '/data/pg', status: 'ready' });
  });

  test('a file written before the postmaster reported a status has an empty status', () => {
    expect(parsePidFile('4242\n/data/pg\n1763800000\n5432\n')).toEqual({ pid: 4242, port: 5432, socketDir: '', status: '' });
  });

  test('an empty or torn file is unparseable', () => {
    expect(parsePidFile('')).toBeNull();
    expect(parsePidFile('\n/data/pg\n')).toBeNull();
    expect(parsePidFile('-1\n')).toBeNull();
  });
});
