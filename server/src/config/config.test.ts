import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const emptyDir = mkdtempSync(join(tmpdir(), 'lk-config-'));

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const c = loadConfig({}, emptyDir);
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.publicUrl).toBe('http://127.0.0.1:8080');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.secureCookies).toBe(false);
  });

  it('names the bad setting and its value', () => {
    expect(() => loadConfig({ LATCHKEY_PORT: 'eighty' }, emptyDir)).toThrow(/LATCHKEY_PORT.*"eighty"/s);
  });

  it('never prints the value of a secret setting', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' }, emptyDir);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('hunter2');
  });

  it('reads .env but lets the environment win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lk-config-'));
    writeFileSync(join(dir, '.env'), 'LATCHKEY_PORT=9000\nLATCHKEY_HOST=127.0.0.2\n');
    const c = loadConfig({ LATCHKEY_PORT: '9100' }, dir);
    expect(c.port).toBe(9100);
    expect(c.host).toBe('127.0.0.2');
  });

  it('treats blank values as unset and derives https cookies from the public URL', () => {
    const c = loadConfig({ DATABASE_URL: '', LATCHKEY_PUBLIC_URL: 'https://lk.example.org/' }, emptyDir);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.publicUrl).toBe('https://lk.example.org');
    expect(c.secureCookies).toBe(true);
  });
});
