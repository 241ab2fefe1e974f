import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the local fake APIs need of a request: its raw body, parsed URL and method. */
export async function readRequest(req: IncomingMessage): Promise<{ raw: string; url: URL; method: string }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return { raw: Buffer.concat(chunks).toString('utf8'), url: new URL(req.url ?? '/', 'http://x'), method: req.method ?? 'GET' };
}

/** Answers with a JSON body, the way the fake APIs reply. */
export function jsonSender(res: ServerResponse): (status: number, body: unknown, headers?: Record<string, string>) => void {
  return (status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

/**
 * A browser-facing page on a fake API's server (an authorise page, an invite-acceptance page).
 * Fakes try their `web` handlers in order before the API reads the request: a handler that
 * recognises `url` answers (reading the body itself if it needs one) and returns true; any other
 * returns false and the request goes on to the API.
 */
export type FakeWebHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
