import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../../../server/src/db/client.ts';
import type { Clock } from '../../../server/src/lib/clock.ts';
import { many, sql } from '../db/sql.ts';
import { routeFor, type SmsRoute } from './routes.ts';
import { twilioSignature } from '../../../server/src/lib/twilio-signature.ts';

export interface SmsLogRow {
  sid: string;
  toNumber: string;
  fromNumber: string;
  body: string;
  gatewayUrl: string | null;
  status: 'QUEUED' | 'DELIVERED' | 'FAILED' | 'HELD';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

export interface Carrier {
  /** Records the message and, when a route covers `to`, delivers it in the background. Returns its MessageSid. */
  send(to: string, body: string): Promise<string>;
  recent(limit: number): Promise<SmsLogRow[]>;
  /** Waits for deliveries in flight (shutdown, tests). */
  drain(): Promise<void>;
}

export interface CarrierDeps {
  database: Database;
  routes: readonly SmsRoute[];
  authToken: string | undefined;
  accountSid: string;
  from: string;
  clock: Clock;
  log: Logger;
  /** Attempts per message and the first backoff; later waits double. */
  retry?: { attempts: number; baseDelayMs: number; timeoutMs: number };
}

/** Twilio ids are two letters and 32 hex digits. */
function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** GSM-7 concatenated messages carry 153 characters each; one message carries 160. */
function segments(body: string): number {
  return body.length <= 160 ? 1 : Math.ceil(body.length / 153);
}

export function createCarrier(deps: CarrierDeps): Carrier {
  const { database, clock, log } = deps;
  const retry = deps.retry ?? { attempts: 3, baseDelayMs: 1000, timeoutMs: 15_000 };
  const inFlight = new Set<Promise<void>>();

  async function record(sid: string, patch: { status: SmsLogRow['status']; attempts: number; lastError: string | null }): Promise<void> {
    await database.db.execute(sql`UPDATE sandbox.sms_messages SET status = ${patch.status}, attempts = ${patch.attempts}, last_error = ${patch.lastError} WHERE sid = ${sid}`);
  }

  /** One Twilio inbound-SMS webhook, retried like Twilio does on connection errors and non-2xx answers. */
  async function deliver(url: string, params: Record<string, string>): Promise<void> {
    const signature = twilioSignature(deps.authToken ?? '', url, params);
    let lastError: string | null = null;
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'i-twilio-idempotency-token': params.MessageSid ?? '', 'user-agent': 'TwilioProxy/1.1' },
          body: new URLSearchParams(params).toString(),
          signal: AbortSignal.timeout(retry.timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return record(params.MessageSid ?? '', { status: 'DELIVERED', attempts: attempt, lastError: null });
        lastError = `gateway answered HTTP ${res.status}`;
      } catch (e) {
        lastError = `gateway unreachable: ${(e as Error).message}`;
      }
      await record(params.MessageSid ?? '', { status: attempt < retry.attempts ? 'QUEUED' : 'FAILED', attempts: attempt, lastError });
      if (attempt < retry.attempts) await new Promise((r) => setTimeout(r, retry.baseDelayMs * 2 ** (attempt - 1)));
    }
    log.warn({ sid: params.MessageSid, url, lastError }, 'SMS delivery failed');
  }

  return {
    async send(to, body) {
      const sid = newSid('SM');
      const url = routeFor(deps.routes, to);
      await database.db.execute(sql`INSERT INTO sandbox.sms_messages (sid, to_number, from_number, body, gateway_url, status, created_at)
        VALUES (${sid}, ${to}, ${deps.from}, ${body}, ${url}, ${url ? 'QUEUED' : 'HELD'}, ${clock.now()})`);
      if (!url) return sid;
      const params: Record<string, string> = {
        MessageSid: sid,
        SmsSid: sid,
        SmsMessageSid: sid,
        AccountSid: deps.accountSid,
        From: deps.from,
        To: to,
        Body: body,
        NumMedia: '0',
        NumSegments: String(segments(body)),
        SmsStatus: 'received',
        ApiVersion: '2010-04-01',
      };
      const p = deliver(url, params)
        .catch((e: unknown) => log.error({ err: e, sid }, 'SMS delivery bookkeeping failed'))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      return sid;
    },
    recent(limit) {
      return many<SmsLogRow>(database.db, sql`SELECT sid, to_number AS "toNumber", from_number AS "fromNumber", body, gateway_url AS "gatewayUrl", status, attempts,
        last_error AS "lastError", created_at AS "createdAt" FROM sandbox.sms_messages ORDER BY seq DESC LIMIT ${limit}`);
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
