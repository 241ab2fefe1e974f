import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { defaultMessagingSettings, smsWebhookPath } from '../src/app/messaging.ts';
import { createServices } from '../src/app/services.ts';
import { createLocalKek } from '../src/crypto/kek.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { buildApp } from '../src/http/app.ts';
import { systemClock } from '../src/lib/clock.ts';
import { cryptoRandom } from '../src/lib/random.ts';
import { twilioSignature } from '../src/lib/twilio-signature.ts';
import { benchDatabase } from './pg.ts';
import type { AsyncBench } from './registry.ts';

const N = 1000;
const token = randomBytes(16).toString('hex');
const silent = pino({ level: 'silent' });

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const fmt = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(2)} ms, p99 ${percentile(s, 99).toFixed(2)} ms, max ${(s[s.length - 1] ?? NaN).toFixed(2)} ms over ${s.length}`;
};

/**
 * Time from an inbound SMS webhook leaving the "carrier" to the message arriving on an open Shared Inbox
 * stream: a signed Twilio-format POST over loopback (signature check, number lookup, code extraction,
 * sealing, insert, NOTIFY, audit), then the stream's wake-up, visibility query, unsealing and its
 * audited push. One message at a time, so each latency is the whole path, not queueing. The baseline is
 * a bare HTTP round trip to the same server (GET /api/health, one database read), in the same run.
 */
function inboxBench(): AsyncBench {
  let database: Database;
  let app: FastifyInstance;
  let base = '';
  let cookie = '';
  let e164 = '';
  let stream: AbortController;
  const waiting = new Map<string, (at: number) => void>();
  const subjectMs: number[] = [];
  const baselineMs: number[] = [];
  let seq = 0;

  async function send(): Promise<number> {
    const sid = `SM${(++seq).toString(16).padStart(32, '0')}`;
    const params = { MessageSid: sid, AccountSid: 'AC172a2bb13923313a73ea9ac7443a4f10', From: '+15005550006', To: e164, Body: `Your verification code is ${String(100000 + (seq % 900000))}. ref ${sid}`, NumMedia: '0' };
    const arrived = new Promise<number>((resolve) => waiting.set(sid, resolve));
    const start = performance.now();
    const res = await fetch(`${base}${smsWebhookPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(token, `${base}${smsWebhookPath}`, params) },
      body: new URLSearchParams(params).toString(),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    const at = await Promise.race([arrived, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`message ${sid} did not arrive within 5 s`)), 5000))]);
    return at - start;
  }

  async function openStream(): Promise<void> {
    stream = new AbortController();
    const res = await fetch(`${base}/api/v1/inbox/stream`, { headers: { cookie }, signal: stream.signal });
    if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}`);
    void (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const sid = /ref (SM[0-9a-f]{32})/.exec(block)?.[1];
            if (sid) waiting.get(sid)?.(performance.now());
          }
        }
      } catch {
        // aborted at teardown
      }
    })();
  }

  return {
    kind: 'async',
    name: 'inbox webhook→stream x1000',
    rounds: 1,
    warmupRounds: 0,
    async setup() {
      database = openDatabase(await benchDatabase('inbox'), { max: 10 });
      const services = createServices({
        config: { publicUrl: 'http://127.0.0.1', mailFrom: 'Latchkey <bench@latchkey.test>', sessionTtlHours: 24, inviteTtlHours: 72, resetTtlMinutes: 60, loginMaxFailures: 5 },
        database,
        kek: createLocalKek(randomBytes(32)),
        clock: systemClock,
        random: cryptoRandom,
        mailTransport: null,
        connectors: [],
        messaging: { ...defaultMessagingSettings(), webhookAuthToken: token },
      });
      // The webhook signature covers the public URL, so the app must know its port before it is built.
      const probe = await buildApp({ services, database, logger: silent, publicUrl: 'http://127.0.0.1', secureCookies: false, webDist: '/nonexistent' });
      await probe.listen({ host: '127.0.0.1', port: 0 });
      const port = (probe.server.address() as AddressInfo).port;
      await probe.close();
      base = `http://127.0.0.1:${port}`;
      app = await buildApp({ services, database, logger: silent, publicUrl: base, secureCookies: false, webDist: '/nonexistent' });
      await app.listen({ host: '127.0.0.1', port });
      const email = `bench.${process.pid}@example.test`;
      const password = 'correct horse battery staple';
      await services.workspaces.create({ workspaceName: 'Bench', email, password });
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      cookie = /lk_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
      const account = (await (await fetch(`${base}/api/v1/accounts`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ label: 'Bench app' }) })).json()) as { id: string };
      e164 = ((await (await fetch(`${base}/api/v1/accounts/${account.id}/managed-phone`, { method: 'POST', headers: { cookie } })).json()) as { e164: string }).e164;
      await openStream();
      // Warm the JIT, the pool and the listener before anything is timed.
      for (let i = 0; i < 50; i++) {
        await send();
        await fetch(`${base}/api/health`).then((r) => r.arrayBuffer());
      }
    },
    async teardown() {
      stream.abort();
      await app.close();
      await database.close();
    },
    subject: {
      name: 'webhook→stream',
      n: N,
      async run() {
        for (let i = 0; i < N; i++) subjectMs.push(await send());
      },
    },
    baseline: {
      name: 'http-roundtrip',
      n: N,
      async run() {
        for (let i = 0; i < N; i++) {
          const start = performance.now();
          await (await fetch(`${base}/api/health`)).arrayBuffer();
          baselineMs.push(performance.now() - start);
        }
      },
    },
    budget: {
      minRatio: 0.05,
      why: 'a message is a signed form POST plus two transactions (store with sealing, NOTIFY and an audit event; the stream read with unsealing and its audit event) and an SSE write, against one HTTP round trip with one read: measured 0.14-0.19x (p50 24-35 ms, p99 77-150 ms on a shared machine); below 0.05x the path got five times slower and p99 would near the 1 s the issue allows',
    },
    notes: () => [`webhook→stream ${fmt(subjectMs)} (issue: within 1 s)`, `http-roundtrip ${fmt(baselineMs)}`],
  };
}

export const benches: AsyncBench[] = [inboxBench()];
