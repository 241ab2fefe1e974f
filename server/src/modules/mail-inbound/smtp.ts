import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { InboxIngest } from '../inbox/ingest.ts';
import { htmlToText, sanitizeEmailHtml } from './sanitize.ts';
import type { EmailAddressesService } from './service.ts';

export interface InboundSmtp {
  /** The port it listens on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

export interface InboundSmtpDeps {
  host: string;
  port: number;
  /** Advertised as SIZE and enforced while reading DATA. */
  maxBytes: number;
  addresses: Pick<EmailAddressesService, 'recipient'>;
  ingest: InboxIngest;
  log: Pick<Logger, 'info' | 'warn'>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

async function readCapped(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return stream.sizeExceeded || size > maxBytes ? null : Buffer.concat(chunks);
}

/**
 * The MX for managed addresses (third-party-apis.md §6.1): recipients are checked at RCPT TO, so mail
 * for addresses that do not exist is refused before any data is sent (550) and nothing is stored.
 * Each accepted message is parsed (MIME), its HTML sanitised, and stored once per Message-ID and
 * recipient. No AUTH (senders are the whole internet) and no STARTTLS (no certificate is configured:
 * put a TLS-terminating relay in front for a public MX).
 */
export async function startInboundSmtp(deps: InboundSmtpDeps): Promise<InboundSmtp> {
  const { log } = deps;

  async function store(raw: Buffer, session: SMTPServerSession): Promise<void> {
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    const html = typeof parsed.html === 'string' ? sanitizeEmailHtml(parsed.html) : null;
    const text = parsed.text?.trim() || (typeof parsed.html === 'string' ? htmlToText(parsed.html) : '');
    const from = parsed.from?.value[0]?.address ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : '');
    const messageId = parsed.messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    for (const rcpt of session.envelope.rcptTo) {
      const to = rcpt.address.toLowerCase();
      const address = await deps.addresses.recipient(to);
      if (!address?.accountId) continue;
      await deps.ingest.receive({
        workspaceId: address.workspaceId,
        accountId: address.accountId,
        channel: 'email',
        contactId: address.id,
        provider: 'smtp',
        providerMessageId: `${messageId}|${to}`,
        from,
        to,
        subject: parsed.subject ?? null,
        text,
        html,
        raw: raw.toString('utf8'),
      });
    }
  }

  const server = new SMTPServer({
    name: 'latchkey-inbound',
    banner: 'Latchkey inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: deps.maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      deps.addresses.recipient(address.address).then(
        (found) => callback(found ? undefined : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`)),
        (e: unknown) => {
          log.warn({ err: e }, 'inbound mail: recipient lookup failed');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      readCapped(stream, deps.maxBytes)
        .then(async (raw) => {
          if (!raw) return callback(smtpError(552, `5.3.4 Message exceeds the fixed maximum message size of ${deps.maxBytes} bytes`));
          await store(raw, session);
          callback();
        })
        .catch((e: unknown) => {
          log.warn({ err: e }, 'inbound mail: could not store a message');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        });
    },
  });
  server.on('error', (e) => log.warn({ err: e }, 'inbound SMTP server error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info({ host: deps.host, port }, 'inbound SMTP listening');
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
