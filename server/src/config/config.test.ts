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

  it('defaults messaging to the fictional local range with inbound SMTP off', () => {
    const m = loadConfig({}, emptyDir).messaging;
    expect(m).toMatchObject({ phoneProvider: 'local', localRange: { from: '+15550100000', to: '+15550109999' }, quarantineDays: 90, inboundSmtp: null, retentionDays: 30, webhookAuthToken: undefined });
  });

  it('buys from Twilio once an account SID is set, and turns inbound SMTP on with a port', () => {
    const m = loadConfig({ LATCHKEY_TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, LATCHKEY_TWILIO_AUTH_TOKEN: 'secret-token-1', LATCHKEY_INBOUND_SMTP_PORT: '2525', LATCHKEY_INBOUND_DOMAIN: 'In.Example.org' }, emptyDir).messaging;
    expect(m).toMatchObject({ phoneProvider: 'twilio', webhookAuthToken: 'secret-token-1', inboundDomain: 'in.example.org', inboundSmtp: { host: '127.0.0.1', port: 2525, maxBytes: 1024 * 1024 } });
  });

  it('turns hub authorisation on per app once its id and secret are both set, and never prints a secret', () => {
    expect(loadConfig({}, emptyDir).hubOAuth).toEqual({ pinterest: null, tiktok: null });
    const c = loadConfig({ LATCHKEY_TIKTOK_APP_ID: '7100', LATCHKEY_TIKTOK_APP_SECRET: 'tt-app-secret', LATCHKEY_PINTEREST_CLIENT_ID: '1500', LATCHKEY_PINTEREST_CLIENT_SECRET: 'pin-secret', LATCHKEY_PINTEREST_API_URL: 'http://127.0.0.1:9/v5/' }, emptyDir);
    expect(c.hubOAuth).toEqual({
      pinterest: { authorizeUrl: 'https://www.pinterest.com/oauth/', apiUrl: 'http://127.0.0.1:9/v5', clientId: '1500', clientSecret: 'pin-secret' },
      tiktok: { authorizeUrl: 'https://business-api.tiktok.com/portal/auth', apiUrl: 'https://business-api.tiktok.com/open_api/v1.3', appId: '7100', appSecret: 'tt-app-secret' },
    });
    expect(() => loadConfig({ LATCHKEY_TIKTOK_APP_ID: '7100' }, emptyDir)).toThrow(/LATCHKEY_TIKTOK_APP_SECRET: must be set together with LATCHKEY_TIKTOK_APP_ID/);
    let message = '';
    try {
      loadConfig({ LATCHKEY_PINTEREST_CLIENT_SECRET: 'pin-secret-value' }, emptyDir);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('LATCHKEY_PINTEREST_CLIENT_ID: must be set together with LATCHKEY_PINTEREST_CLIENT_SECRET');
    expect(message).not.toContain('pin-secret-value');
  });

  it('turns Facebook Login on with the Meta app secret, and never prints it', () => {
    expect(loadConfig({}, emptyDir).facebookLogin).toBeNull();
    expect(loadConfig({ LATCHKEY_META_APP_SECRET: 'meta-secret', LATCHKEY_META_GRAPH_URL: 'http://127.0.0.1:9/' }, emptyDir).facebookLogin).toEqual({ oauthUrl: 'https://www.facebook.com', graphUrl: 'http://127.0.0.1:9', version: 'v25.0', appSecret: 'meta-secret' });
    // The secret's own app, when named, is the one Facebook Login uses for every Meta hub.
    expect(loadConfig({ LATCHKEY_META_APP_SECRET: 'meta-secret', LATCHKEY_META_APP_ID: '4242' }, emptyDir).facebookLogin).toMatchObject({ appId: '4242' });
    expect(() => loadConfig({ LATCHKEY_META_APP_SECRET: 'meta-secret', LATCHKEY_META_APP_ID: 'not-a-number' }, emptyDir)).toThrow(/LATCHKEY_META_APP_ID/);
    let message = '';
    try {
      loadConfig({ LATCHKEY_META_APP_SECRET: `meta-secret-${'x'.repeat(500)}` }, emptyDir);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('LATCHKEY_META_APP_SECRET');
    expect(message).not.toContain('meta-secret-');
  });

  it('names a bad number range and never prints the Twilio auth token', () => {
    expect(() => loadConfig({ LATCHKEY_SMS_LOCAL_RANGE: '5550100-5550199' }, emptyDir)).toThrow(/LATCHKEY_SMS_LOCAL_RANGE: must be two E\.164 numbers/);
    expect(() => loadConfig({ LATCHKEY_TWILIO_AUTH_TOKEN: 'short' }, emptyDir)).toThrow(/LATCHKEY_TWILIO_AUTH_TOKEN/);
    try {
      loadConfig({ LATCHKEY_TWILIO_AUTH_TOKEN: 'short' }, emptyDir);
    } catch (e) {
      expect((e as Error).message).not.toContain('short"');
    }
  });
});
