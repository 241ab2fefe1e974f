import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { appMember, fakeConnector, fakeSpace } from '../../../test/fakes/fake-connector.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import { drainJobs } from '../../../test/jobs.ts';

const space = fakeSpace({ members: [appMember('someone@app.test')] });
const get = useTestApp({ connectors: [fakeConnector(space)] });
let base = '';
beforeAll(async () => {
  base = await get().app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => get().app.close());

/** Reads server-sent events until `done` says enough, or the time runs out. */
async function readEvents(url: string, cookie: string, done: (events: { event: string; data: { task: string; status: string; target: Record<string, string> } }[]) => boolean, ms = 8000): Promise<{ event: string; data: { task: string; status: string; target: Record<string, string> } }[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  const res = await fetch(url, { headers: { cookie }, signal: controller.signal });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const events: { event: string; data: { task: string; status: string; target: Record<string, string> } }[] = [];
  let buffer = '';
  try {
    for await (const chunk of res.body!) {
      buffer += Buffer.from(chunk).toString();
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      if (done(events)) break;
    }
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

describe('live job stream', () => {
  it("pushes each job change to the hub's Owner and nothing to another workspace", async () => {
    const t = get();
    const owner = await buildWorkspace(t);
    const outsider = await buildWorkspace(t, 'Outsider');
    const ownerStream = readEvents(`${base}/api/v1/jobs/stream`, owner.cookie, (ev) => ev.some((e) => e.data.task === 'sync_hub' && e.data.status === 'completed'));
    const outsiderStream = readEvents(`${base}/api/v1/jobs/stream`, outsider.cookie, () => false, 4000);
    await new Promise((r) => setTimeout(r, 300));
    await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'sandbox', label: 'Live', businessId: space.businessId, loginMethod: 'username_password', serviceCredential: { label: 't', token: space.token } } });
    await drainJobs(t);
    const seen = await ownerStream;
    expect(seen.map((e) => `${e.data.task}:${e.data.status}`)).toEqual(expect.arrayContaining(['validate_hub:completed', 'sync_hub:completed']));
    expect(await outsiderStream).toEqual([]);
  }, 20_000);
});
