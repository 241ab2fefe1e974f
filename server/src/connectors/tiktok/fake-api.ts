import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readRequest, type FakeWebHandler } from '../../../test/fakes/http-request.ts';
import { assignAsset, listAssets, unassignAsset, type AssetRouteKit } from './fake-assets.ts';

/**
 * A strict local stand-in for TikTok Business API v1.3 Business Center endpoints, for contract
 * tests only (reference §3). Every answer is HTTP 200 with `{code, message, request_id, data}`;
 * the token travels in the `Access-Token` header; paths end in `/`; GET object parameters are
 * JSON-encoded; pages are numbered with `page_info`. It refuses what TikTok refuses: unknown or
 * missing parameters, wrong methods, a `Bearer` token, bad enums, more than 50 emails. Asset
 * listing, assignment and unassignment are in `fake-assets.ts`.
 */
interface Member { user_id: string; user_name: string; user_email: string; user_role: 'ADMIN' | 'STANDARD'; ext_user_role: { finance_role: string | null }; relation_status: 'BOUND' | 'PENDING' | 'REJECTED' | 'UNBOUND'; advertisers: Map<string, string> }
interface Bc { id: string; name: string; role: 'ADMIN' | 'STANDARD'; members: Map<string, Member>; advertisers: Map<string, string> }
export type FakeMember = Member;
export type FakeBc = Bc;
/** A scripted failure: `skip` lets that many matching requests through first. */
interface Injected { code: number; path?: RegExp; skip?: number }

class Refusal extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}
const param = (m: string): Refusal => new Refusal(40002, m);

const specs: Record<string, { method: 'GET' | 'POST'; required: string[]; optional: string[] }> = {
  '/bc/get/': { method: 'GET', required: [], optional: ['bc_id', 'scene', 'filtering', 'page', 'page_size'] },
  '/bc/member/get/': { method: 'GET', required: ['bc_id'], optional: ['child_bc_id', 'filtering', 'page', 'page_size'] },
  '/bc/asset/get/': { method: 'GET', required: ['bc_id', 'asset_type'], optional: ['child_bc_id', 'filtering', 'page', 'page_size'] },
  '/bc/asset/assign/': { method: 'POST', required: ['bc_id', 'user_id', 'asset_id', 'asset_type'], optional: ['advertiser_role', 'catalog_role', 'store_role', 'form_library_role', 'tt_account_roles'] },
  '/bc/asset/unassign/': { method: 'POST', required: ['bc_id', 'user_id', 'asset_id', 'asset_type'], optional: [] },
  '/bc/member/invite/': { method: 'POST', required: ['bc_id', 'emails'], optional: ['user_role', 'ext_user_role', 'asset_type', 'asset_ids', 'advertiser_role', 'child_bc_id'] },
  '/bc/member/update/': { method: 'POST', required: ['bc_id', 'user_id'], optional: ['user_name', 'user_role', 'ext_user_role', 'child_bc_id'] },
  '/bc/member/delete/': { method: 'POST', required: ['bc_id'], optional: ['user_id', 'user_email', 'child_bc_id'] },
  '/oauth2/access_token/': { method: 'POST', required: ['app_id', 'secret', 'auth_code'], optional: [] },
};

export class FakeTikTok {
  readonly bcs = new Map<string, Bc>();
  readonly tokens = new Set<string>();
  readonly apps = new Map<string, string>();
  /** auth_code → expiry (ms); single use. */
  readonly authCodes = new Map<string, number>();
  readonly requests: { method: string; path: string; params: Record<string, unknown>; headers: IncomingMessage['headers'] }[] = [];
  readonly injected: Injected[] = [];
  /** Browser-facing pages served beside the API (see `FakeWebHandler`), e.g. `fake-web.ts`. */
  readonly web: FakeWebHandler[] = [];
  /** Told about each invitation the API creates (TikTok then e-mails the invitee; see `fake-web.ts`). */
  readonly onInvite: ((invite: { bcId: string; bcName: string; email: string; userId: string }) => void)[] = [];
  /** When set, every n-th authenticated request is answered 40100 (a steady QPS limit). */
  throttleEvery = 0;
  /** How many requests the steady throttle refused. */
  throttled = 0;
  private served = 0;
  now = Date.now();
  url = '';
  private server: Server | undefined;
  private seq = 7000000;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/open_api/v1.3`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  addBc(id: string, name: string, role: 'ADMIN' | 'STANDARD' = 'ADMIN', advertisers: string[] = []): Bc {
    const bc: Bc = { id, name, role, members: new Map(), advertisers: new Map(advertisers.map((a) => [a, `Advertiser ${a}`])) };
    this.bcs.set(id, bc);
    return bc;
  }

  addMember(bcId: string, email: string, role: 'ADMIN' | 'STANDARD' = 'STANDARD', status: Member['relation_status'] = 'BOUND'): Member {
    const m: Member = { user_id: String(++this.seq), user_name: email.split('@')[0]!, user_email: email, user_role: role, ext_user_role: { finance_role: null }, relation_status: status, advertisers: new Map() };
    this.bcs.get(bcId)!.members.set(m.user_id, m);
    return m;
  }

  /** The invitee accepts in TikTok's UI. */
  accept(bcId: string, email: string): Member {
    const m = this.member(bcId, email)!;
    if (m.relation_status !== 'PENDING') throw new Error(`${email} is ${m.relation_status}`);
    m.relation_status = 'BOUND';
    return m;
  }

  member(bcId: string, email: string): Member | undefined {
    return [...this.bcs.get(bcId)!.members.values()].find((m) => m.user_email === email.toLowerCase() && m.relation_status !== 'UNBOUND');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', 'http://x');
    if (this.web.some((page) => page(req, res, target))) return;
    const { raw, url, method } = await readRequest(req);
    const requestId = randomUUID().replaceAll('-', '');
    const reply = (code: number, message: string, data: unknown = {}): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code, message, request_id: requestId, data }));
    };
    try {
      const path = url.pathname.replace(/^\/open_api\/v1\.3/, '');
      const spec = specs[path];
      if (!spec || !url.pathname.startsWith('/open_api/v1.3/')) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return void res.end('404 page not found');
      }
      if (method !== spec.method) {
        res.writeHead(405, { 'content-type': 'text/plain' });
        return void res.end('405 method not allowed');
      }
      let params: Record<string, unknown> = {};
      if (method === 'GET') {
        if (raw) throw param('GET takes no body.');
        for (const [k, v] of url.searchParams) params[k] = k === 'filtering' ? (JSON.parse(v) as unknown) : v;
      } else {
        if (url.search) throw param('POST parameters go in the JSON body.');
        if (!String(req.headers['content-type']).startsWith('application/json')) throw param('Content-Type must be application/json.');
        params = JSON.parse(raw || 'null') as Record<string, unknown>;
        if (typeof params !== 'object' || params === null || Array.isArray(params)) throw param('Body must be a JSON object.');
      }
      this.requests.push({ method, path, params, headers: req.headers });
      for (const k of Object.keys(params)) if (![...spec.required, ...spec.optional].includes(k)) throw param(`Unknown parameter: ${k}.`);
      for (const k of spec.required) if (params[k] === undefined || params[k] === '') throw param(`${k}: Missing data for required field.`);
      if (path === '/oauth2/access_token/') return reply(0, 'OK', this.exchange(params));
      if (req.headers.authorization) throw new Refusal(40105, 'The access token is invalid or has been revoked.'); // Bearer is not how TikTok authenticates
      const token = req.headers['access-token'];
      if (typeof token !== 'string' || !this.tokens.has(token)) throw new Refusal(40105, 'The access token is invalid or has been revoked.');
      if (this.throttleEvery > 0 && ++this.served % this.throttleEvery === 0) {
        this.throttled++;
        return reply(40100, 'Too many requests. Please retry in some time.');
      }
      const inj = this.injected.findIndex((x) => !x.path || x.path.test(path));
      if (inj >= 0 && (this.injected[inj]!.skip ?? 0) > 0) this.injected[inj]!.skip! -= 1;
      else if (inj >= 0) {
        const [x] = this.injected.splice(inj, 1);
        return reply(x!.code, x!.code === 40100 ? 'Too many requests. Please retry in some time.' : 'Injected failure.');
      }
      return reply(0, 'OK', this.route(path, params));
    } catch (e) {
      if (e instanceof Refusal) return reply(e.code, e.message);
      if (e instanceof SyntaxError) return reply(40002, 'Invalid JSON.');
      return reply(50002, (e as Error).message);
    }
  }

  private exchange(p: Record<string, unknown>): unknown {
    if (this.apps.get(String(p.app_id)) !== p.secret) throw new Refusal(40101, 'Invalid app_id or secret.');
    const exp = this.authCodes.get(String(p.auth_code));
    this.authCodes.delete(String(p.auth_code));
    if (exp === undefined || exp < this.now) throw new Refusal(40110, 'The auth_code is invalid or has expired.');
    const token = randomUUID().replaceAll('-', '');
    this.tokens.add(token);
    return { access_token: token, scope: [4, 5, 14], advertiser_ids: [] };
  }

  private page<T>(p: Record<string, unknown>, all: T[]): { list: T[]; page_info: { page: number; page_size: number; total_number: number; total_page: number } } {
    const page = Number(p.page ?? 1);
    const size = Number(p.page_size ?? 10);
    if (!Number.isInteger(page) || page < 1) throw param('page: Must be greater than or equal to 1.');
    if (!Number.isInteger(size) || size < 1 || size > 50) throw param('page_size: Must be between 1 and 50.');
    return { list: all.slice((page - 1) * size, page * size), page_info: { page, page_size: size, total_number: all.length, total_page: Math.max(1, Math.ceil(all.length / size)) } };
  }

  private bc(p: Record<string, unknown>): Bc {
    const bc = this.bcs.get(String(p.bc_id));
    if (!bc) throw new Refusal(40001, 'bc_id: The Business Center does not exist or you have no permission to access it.');
    if (bc.role !== 'ADMIN') throw new Refusal(40001, 'No permission to operate this Business Center: the user is not an admin.');
    return bc;
  }

  private route(path: string, p: Record<string, unknown>): unknown {
    if (path === '/bc/get/') return this.page(p, [...this.bcs.values()].map((b) => ({ bc_info: { bc_id: b.id, name: b.name, status: 'ENABLE', type: 'NORMAL' }, user_role: b.role, ext_user_role: { finance_role: null } })));
    const bc = this.bc(p);
    if (path === '/bc/member/get/') {
      const f = (p.filtering ?? {}) as Record<string, unknown>;
      if (typeof f !== 'object' || Array.isArray(f)) throw param('filtering must be a JSON object.');
      for (const k of Object.keys(f)) if (!['keyword', 'relation_status', 'user_role'].includes(k)) throw param(`filtering.${k}: Unknown field.`);
      if (f.relation_status !== undefined && !['BOUND', 'PENDING', 'REJECTED', 'UNBOUND'].includes(String(f.relation_status))) throw param('filtering.relation_status: Invalid enum value.');
      const kw = f.keyword === undefined ? null : String(f.keyword).toLowerCase();
      const list = [...bc.members.values()]
        .filter((m) => m.relation_status !== 'UNBOUND' && (!kw || m.user_email.includes(kw) || m.user_name.includes(kw)) && (!f.relation_status || m.relation_status === f.relation_status) && (!f.user_role || m.user_role === f.user_role))
        .map(({ advertisers: _a, ...m }) => m);
      return this.page(p, list);
    }
    const kit: AssetRouteKit = { param, page: (q, all) => this.page(q, all), member: (id, email) => this.member(id, email) };
    if (path === '/bc/asset/get/') return listAssets(bc, p, kit);
    if (path === '/bc/asset/assign/') return assignAsset(bc, p, kit);
    if (path === '/bc/asset/unassign/') return unassignAsset(bc, p, kit);
    if (path === '/bc/member/invite/') {
      const emails = p.emails;
      if (!Array.isArray(emails) || emails.length < 1 || emails.length > 50) throw param('emails: Length must be between 1 and 50.');
      for (const e of emails) if (typeof e !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)) throw param(`emails: Invalid email format: ${String(e)}.`);
      const role = p.user_role ?? 'STANDARD';
      if (role !== 'ADMIN' && role !== 'STANDARD') throw param('user_role: Invalid enum value.');
      const fin = (p.ext_user_role as { finance_role?: string } | undefined)?.finance_role ?? null;
      if (fin !== null && fin !== 'MANAGER' && fin !== 'ANALYST') throw param('ext_user_role.finance_role: Invalid enum value.');
      if (p.asset_type !== undefined && p.asset_type !== 'ADVERTISER') throw param('asset_type: Only ADVERTISER is valid here.');
      const adRole = p.advertiser_role ?? 'ANALYST';
      if (!['ADMIN', 'OPERATOR', 'ANALYST'].includes(String(adRole))) throw param('advertiser_role: Invalid enum value.');
      const assetIds = (p.asset_ids ?? []) as string[];
      for (const a of assetIds) if (!bc.advertisers.has(a)) throw param(`asset_ids: Advertiser ${a} does not belong to this Business Center.`);
      for (const e of emails as string[]) {
        const existing = this.member(bc.id, e);
        if (existing && (existing.relation_status === 'BOUND' || existing.relation_status === 'PENDING')) throw param(`emails: ${e} is already a member or has a pending invitation.`);
      }
      for (const e of emails as string[]) {
        const m = this.addMember(bc.id, e.toLowerCase(), role, 'PENDING');
        m.ext_user_role.finance_role = fin;
        for (const a of assetIds) m.advertisers.set(a, String(adRole));
        for (const tell of this.onInvite) tell({ bcId: bc.id, bcName: bc.name, email: m.user_email, userId: m.user_id });
      }
      return {};
    }
    if (path === '/bc/member/update/') {
      const m = bc.members.get(String(p.user_id));
      if (!m || m.relation_status === 'UNBOUND') throw param('user_id: The user is not a member of this Business Center.');
      if (p.user_role !== undefined && p.user_role !== 'ADMIN' && p.user_role !== 'STANDARD') throw param('user_role: Invalid enum value.');
      if (p.user_name !== undefined && String(p.user_name).length > 250) throw param('user_name: Longer than 250.');
      if (p.user_role) m.user_role = p.user_role as Member['user_role'];
      if (p.user_name) m.user_name = String(p.user_name);
      if (p.ext_user_role) m.ext_user_role.finance_role = (p.ext_user_role as { finance_role?: string }).finance_role ?? null;
      return {};
    }
    // /bc/member/delete/: by user_id or by user_email, never both.
    if ((p.user_id === undefined) === (p.user_email === undefined)) throw param('Pass exactly one of user_id and user_email.');
    const m = p.user_id !== undefined ? bc.members.get(String(p.user_id)) : this.member(bc.id, String(p.user_email));
    if (!m || m.relation_status === 'UNBOUND') throw param('The user is not a member of this Business Center.');
    m.relation_status = 'UNBOUND';
    m.advertisers.clear();
    return {};
  }
}
