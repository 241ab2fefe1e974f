import { createServer, type Server } from 'node:http';
import { verifyTwilioSignature } from '../../../server/src/lib/twilio-signature.ts';

export interface ReceivedSms {
  params: Record<string, string>;
  signatureValid: boolean;
  headers: Record<string, string | string[] | undefined>;
}

export interface SmsReceiver {
  url: string;
  received: ReceivedSms[];
  /** Answers the next `n` requests with HTTP `status` (to exercise retries). */
  failNext(n: number, status: number): void;
  /** Resolves with the first message to `to` whose body matches. */
  waitFor(to: string, timeoutMs?: number): Promise<ReceivedSms>;
  close(): Promise<void>;
}

/**
 * A tiny Twilio-webhook receiver on 127.0.0.1:0 that checks X-Twilio-Signature exactly as a real
 * gateway would (the URL it was called on plus every form field), standing in for Latchkey's webhook.
 */
export async function startSmsReceiver(authToken: string, path = '/api/v1/webhooks/sms/twilio'): Promise<SmsReceiver> {
  const received: ReceivedSms[] = [];
  let failures: { left: number; status: number } = { left: 0, status: 500 };
  let url = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failures.left > 0) {
        failures.left--;
        res.writeHead(failures.status).end();
        return;
      }
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const header = req.headers['x-twilio-signature'];
      const signatureValid = verifyTwilioSignature(authToken, `${url.replace(path, '')}${req.url ?? ''}`, params, typeof header === 'string' ? header : undefined);
      received.push({ params, signatureValid, headers: req.headers });
      res.writeHead(signatureValid ? 200 : 403, { 'content-type': 'text/xml' }).end('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  url = `http://127.0.0.1:${port}${path}`;
  return {
    url,
    received,
    failNext(n, status) {
      failures = { left: n, status };
    },
    async waitFor(to, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find((m) => m.params.To === to);
        if (hit) return hit;
        if (Date.now() > until) throw new Error(`no SMS to ${to} reached the receiver within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
