import { beforeAll, expect } from 'vitest';
import { useSandbox, type SandboxHarness } from '../../sandbox/src/test/harness.ts';
import type { TestApp } from './app.ts';
import type { SignedInMember } from './factories.ts';

/**
 * A Sandbox Business Center listening on 127.0.0.1 (a random port), on its own test database: the
 * sandbox's own harness (`useSandbox`), plus a real socket so Latchkey's connector reaches it over
 * HTTP exactly as it reaches a real app. Register it before `useTestApp` so the connector can be
 * built from `baseUrl()`.
 *
 * @example
 * const { sandbox, baseUrl } = useRunningSandbox();
 * const get = useTestApp({ connectors: () => [createSandboxConnector({ baseUrl: baseUrl() })] });
 */
export function useRunningSandbox(opts: Parameters<typeof useSandbox>[0] = {}): { sandbox: () => SandboxHarness; baseUrl: () => string } {
  const sandbox = useSandbox(opts);
  let base = '';
  beforeAll(async () => {
    // useSandbox closes the app after the file, which also closes this socket.
    base = await sandbox().app.listen({ host: '127.0.0.1', port: 0 });
  });
  return {
    sandbox,
    baseUrl: () => {
      if (!base) throw new Error('useRunningSandbox(): the sandbox listens only from beforeAll on');
      return base;
    },
  };
}

export interface SbInvite {
  id: string;
  email: string;
  role: string;
  status: 'PENDING' | 'ACCEPTED' | 'EXPIRED' | 'CANCELLED';
  sentCount: number;
  assetGrants: { assetId: string; access: string; permissions: string[] }[];
}
export interface SbMember {
  id: string;
  email: string;
  role: string;
}

/** Every page of a sandbox admin-API list, read over HTTP with the business's token (what an admin sees). */
export async function sandboxList<T>(baseUrl: string, biz: { id: string; token: string }, path: 'members' | 'invites?status=ALL'): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await fetch(`${baseUrl}/api/v1/businesses/${biz.id}/${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { authorization: `Bearer ${biz.token}` } });
    if (res.status !== 200) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { data: T[]; page: { nextCursor: string | null } };
    out.push(...page.data);
    cursor = page.page.nextCursor;
  } while (cursor);
  return out;
}

/** Connects a hub to a sandbox business through Latchkey's API, the way the connect wizard does. */
export async function connectSandboxHub(t: TestApp, owner: SignedInMember, biz: { id: string; token: string }, label = 'Sandbox space'): Promise<string> {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/hubs', headers: { cookie: owner.cookie }, payload: { appKey: 'sandbox', label, businessId: biz.id, loginMethod: 'username_password', serviceCredential: { label: `${label} token`, token: biz.token } } });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { id: string }).id;
}

/** A small seeded PRNG (mulberry32), so an injected fault pattern is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
