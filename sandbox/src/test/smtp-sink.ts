import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMail {
  to: string;
  subject: string;
  text: string;
}

export interface SmtpSink {
  url: string;
  received: SinkMail[];
  waitFor(to: string, timeoutMs?: number): Promise<SinkMail>;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1:0 that keeps what it receives, decoded (quoted-printable and all). */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: SinkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      simpleParser(stream).then((m) => {
        received.push({ to: session.envelope.rcptTo[0]?.address ?? '', subject: m.subject ?? '', text: m.text ?? '' });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(to, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find((m) => m.to === to);
        if (hit) return hit;
        if (Date.now() > until) throw new Error(`no email to ${to} arrived within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
