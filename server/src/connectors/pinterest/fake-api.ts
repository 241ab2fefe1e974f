import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { grantMemberAccess, revokeMemberAccess } from './fake-assets.ts';
import { readRequest, jsonSender, type FakeWebHandler } from '../../../test/fakes/http-request.ts';

/**
 * A strict local stand-in for Pinterest API v5 Business Access, for contract tests only. It speaks
 * the documented protocol (reference §2): bearer auth, `{items, bookmark}` pages, `{code, message}`
 * errors with the HTTP status carrying the meaning, per-item invite and asset-access results
 * (`fake-assets.ts`), epoch-ms times, invite expiry, and 429s with Retry-After when a test
 * injects them. It refuses what Pinterest refuses: wrong methods, unknown or out-of-range
 * parameters, extra body fields, bad tokens.
 */
export interface FakeUser { id: string; email: string; username: string }
interface Member { user: FakeUser; role: 'EMPLOYEE' | 'BIZ_ADMIN'; assets: Map<string, string[]> }
interface Invite { id: string; email: string; role: string; status: 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'CANCELLED' | 'EXPIRED'; sentAt: number; expiresAt: number; assets: Record<string, string[]> }
interface Business { id: string; members: Map<string, Member>; invites: Map<string, Invite>; assets: string[]; maxPending: number }
export type FakeBusiness = Business;
interface Injected { status: number; retryAfter?: string; method?: string; path?: RegExp }

const assetPermissions = new Set(['ADMIN', 'ANALYST', 'FINANCE_MANAGER', 'FINANCE_EDIT', 'FINANCE_VIEW', 'AUDIENCE_MANAGER', 'CAMPAIGN_MANAGER', 'CATALOGS_MANAGER', 'CATALOGS_VIEWER', 'PROFILE_PUBLISHER', 'CONSUMER_USER']);

class ApiError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message);
  }
}
const bad = (message: string): ApiError => new ApiError(400, 1, message);

export class FakePinterest {
  readonly businesses = new Map<string, Business>();
  readonly accessTokens = new Set<string>();
  /** refresh token → client id/secret it was issued to. */
  readonly refreshTokens = new Map<string, { clientId: string; clientSecret: string }>();
  /** Registered apps: client id → secret. Only these may exchange authorisation codes. */
  readonly clients = new Map<string, string>();
  /** Authorisation codes from the authorise page (`fake-web.ts`); single use, bound to the client and redirect_uri. */
  readonly authCodes = new Map<string, { clientId: string; redirectUri: string; scope: string; expiresAt: number }>();
  readonly requests: { method: string; path: string; query: string; body: unknown }[] = [];
  /** Scripted failures, consumed in order by the first matching request. */
  readonly injected: Injected[] = [];
  /** Browser-facing pages served beside the API (see `FakeWebHandler`), e.g. `fake-web.ts`. */
  readonly web: FakeWebHandler[] = [];
  /** Told about each invite the API creates (Pinterest then e-mails the invitee; see `fake-web.ts`). */
  readonly onInvite: ((invite: { businessId: string; inviteId: string; email: string; role: string }) => void)[] = [];
  /** When set, a refresh answers with a new refresh token and the old one stops working. */
  rotateRefreshTokens = false;
  /** When set, every n-th authenticated request is answered 429 with Retry-After: 1 (a steady rate limit). */
  throttleEvery = 0;
  /** How many requests the steady throttle refused. */
  throttled = 0;
  private served = 0;
  now = Date.now();
  inviteTtlMs = 7 * 24 * 3600 * 1000;
  private server: Server | undefined;
  private seq = 1000;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/v5`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  nextId(): string {
    return String(++this.seq * 7919);
  }

  addBusiness(id: string, assets: string[] = []): Business {
    const b: Business = { id, members: new Map(), invites: new Map(), assets, maxPending: 5000 };
    this.businesses.set(id, b);
    return b;
  }

  addMember(businessId: string, email: string, role: 'EMPLOYEE' | 'BIZ_ADMIN' = 'EMPLOYEE'): FakeUser {
    const user = { id: this.nextId(), email, username: email.split('@')[0]! };
    this.businesses.get(businessId)!.members.set(user.id, { user, role, assets: new Map() });
    return user;
  }

  /** The invitee accepts in Pinterest's UI: they become a member with the invite's role and assets. */
  accept(businessId: string, inviteId: string): FakeUser {
    const b = this.businesses.get(businessId)!;
    const inv = b.invites.get(inviteId)!;
    if (this.status(inv) !== 'PENDING') throw new Error(`invite ${inviteId} is ${this.status(inv)}`);
    inv.status = 'ACCEPTED';
    const user = this.addMember(businessId, inv.email, inv.role as 'EMPLOYEE' | 'BIZ_ADMIN');
    for (const [a, p] of Object.entries(inv.assets)) b.members.get(user.id)!.assets.set(a, p);
    return user;
  }

  status(i: Invite): Invite['status'] {
    return i.status === 'PENDING' && this.now >= i.expiresAt ? 'EXPIRED' : i.status;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', 'http://x');
    if (this.web.some((page) => page(req, res, target))) return;
    const { raw, url, method } = await readRequest(req);
    const send = jsonSender(res);
    let body: unknown;
    try {
      if (url.pathname === '/v5/oauth/token') return send(200, this.token(req, raw, method));
      if (raw) {
        if (!String(req.headers['content-type']).startsWith('application/json')) throw bad('Content-Type must be application/json.');
        body = JSON.parse(raw) as unknown;
      }
      this.requests.push({ method, path: url.pathname, query: url.search, body });
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !this.accessTokens.has(auth.slice(7))) throw new ApiError(401, 2, 'Authentication failed.');
      if (this.throttleEvery > 0 && ++this.served % this.throttleEvery === 0) {
        this.throttled++;
        return send(429, { code: 8, message: 'Rate limit exceeded.' }, { 'retry-after': '1' });
      }
      const inj = this.injected.findIndex((x) => (!x.method || x.method === method) && (!x.path || x.path.test(url.pathname)));
      if (inj >= 0) {
        const [x] = this.injected.splice(inj, 1);
        return send(x!.status, { code: x!.status === 429 ? 8 : 0, message: x!.status === 429 ? 'Rate limit exceeded.' : 'Injected failure.' }, x!.retryAfter ? { 'retry-after': x!.retryAfter } : {});
      }
      return send(200, this.route(method, url, body));
    } catch (e) {
      if (e instanceof ApiError) return send(e.status, { code: e.code, message: e.message });
      if (e instanceof SyntaxError) return send(400, { code: 1, message: 'Invalid JSON.' });
      return send(500, { code: 0, message: (e as Error).message });
    }
  }

  private token(req: IncomingMessage, raw: string, method: string): unknown {
    if (method !== 'POST') throw new ApiError(405, 405, 'Method not allowed.');
    if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') throw bad('Content-Type must be application/x-www-form-urlencoded.');
    const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
    const form = new URLSearchParams(raw);
    for (const k of form.keys()) if (!['grant_type', 'refresh_token', 'code', 'redirect_uri', 'continuous_refresh', 'scope'].includes(k)) throw bad(`Unknown parameter ${k}.`);
    if (form.get('grant_type') === 'authorization_code') return this.exchangeCode(basic, form);
    if (form.get('grant_type') !== 'refresh_token') throw bad('Unsupported grant_type.');
    const rt = this.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!rt || basic !== `${rt.clientId}:${rt.clientSecret}`) throw new ApiError(401, 2, 'Invalid refresh token or client credentials.');
    const access = `pina_${randomUUID()}`;
    this.accessTokens.add(access);
    let refresh = form.get('refresh_token')!;
    if (this.rotateRefreshTokens) {
      this.refreshTokens.delete(refresh);
      refresh = `pinr_${randomUUID()}`;
      this.refreshTokens.set(refresh, rt);
    }
    return { access_token: access, token_type: 'bearer', expires_in: 2592000, scope: 'biz_access:read,biz_access:write', refresh_token: refresh, refresh_token_expires_in: 5184000 };
  }

  /** `grant_type=authorization_code` (reference §2.1): the code is used up by any attempt, and must match the client and redirect_uri it was issued for. */
  private exchangeCode(basic: string, form: URLSearchParams): unknown {
    if (form.has('refresh_token') || form.has('scope')) throw bad('refresh_token and scope are not parameters of this grant.');
    const code = form.get('code');
    const redirectUri = form.get('redirect_uri');
    if (!code || !redirectUri) throw bad('code and redirect_uri are required.');
    const clientId = basic.slice(0, Math.max(0, basic.indexOf(':')));
    if (!this.clients.has(clientId) || basic !== `${clientId}:${this.clients.get(clientId)}`) throw new ApiError(401, 2, 'Invalid client credentials.');
    const issued = this.authCodes.get(code);
    this.authCodes.delete(code);
    if (!issued || issued.clientId !== clientId || issued.expiresAt <= this.now) throw new ApiError(400, 1, 'Invalid or expired authorization code.');
    if (issued.redirectUri !== redirectUri) throw bad('redirect_uri does not match the authorization request.');
    if (!['true', 'false', null].includes(form.get('continuous_refresh'))) throw bad('continuous_refresh must be true or false.');
    const access = `pina_${randomUUID()}`;
    const refresh = `pinr_${randomUUID()}`;
    this.accessTokens.add(access);
    this.refreshTokens.set(refresh, { clientId, clientSecret: this.clients.get(clientId)! });
    return { access_token: access, refresh_token: refresh, response_type: 'authorization_code', token_type: 'bearer', expires_in: 2592000, refresh_token_expires_in: 5184000, scope: issued.scope };
  }

  private route(method: string, url: URL, body: unknown): unknown {
    const m = /^\/v5\/businesses\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!m) throw new ApiError(404, 404, 'Not found.');
    const sub = m[2] ?? '';
    const routes: Record<string, string[]> = { '/members': ['GET', 'PATCH', 'DELETE'], '/members/assets/access': ['PATCH', 'DELETE'], '/invites': ['GET', 'POST', 'DELETE'], '/invites/assets/access': ['POST'], '/assets': ['GET'] };
    const memberAssets = /^\/members\/([^/]+)\/assets$/.exec(sub);
    const allowed = routes[sub] ?? (memberAssets ? ['GET'] : null);
    if (!allowed) throw new ApiError(404, 404, 'Not found.');
    if (!allowed.includes(method)) throw new ApiError(405, 405, `Method ${method} not allowed.`);
    if (method === 'GET' && body !== undefined) throw bad('GET takes no body.');
    if (method !== 'GET' && url.search) throw bad('Parameters go in the body.');
    const b = this.businesses.get(decodeURIComponent(m[1]!));
    if (!b) throw new ApiError(404, 3, 'Business not found.');
    const q = url.searchParams;
    if (method === 'GET') {
      if (sub === '/members') return this.page(q, ['business_roles', 'member_ids', 'fetch_system_users', 'assets_summary'], this.listMembers(b, q));
      if (sub === '/invites') return this.page(q, ['is_member', 'invite_status', 'invite_type'], this.listInvites(b, q));
      if (sub === '/assets') return this.page(q, ['permissions', 'child_asset_id', 'asset_group_id', 'asset_type'], this.assetType(q) ? b.assets.map((a) => ({ asset_id: a, asset_type: 'AD_ACCOUNT' })) : []);
      const memberId = decodeURIComponent(memberAssets![1]!);
      if (!/^\d{1,20}$/.test(memberId)) throw bad('member_id must be 1 to 20 digits.');
      const member = b.members.get(memberId);
      if (!member) throw new ApiError(404, 3, 'Member not found.');
      return this.page(q, ['asset_type'], this.assetType(q) ? [...member.assets].map(([a, p]) => ({ asset_id: a, asset_type: 'AD_ACCOUNT', permissions: p })) : []);
    }
    if (sub === '/invites' && method === 'POST') return this.createInvites(b, body);
    if (sub === '/invites' && method === 'DELETE') return this.cancelInvites(b, body);
    if (sub === '/invites/assets/access') return this.inviteAssets(b, body);
    const checks = { fields: this.fields.bind(this), list: this.list.bind(this), bad };
    if (sub === '/members/assets/access') return method === 'PATCH' ? grantMemberAccess(b, body, checks) : revokeMemberAccess(b, body, checks);
    if (sub === '/members' && method === 'PATCH') return this.updateMembers(b, body);
    return this.deleteMembers(b, body);
  }

  private assetType(q: URLSearchParams): boolean {
    const t = q.get('asset_type') ?? 'AD_ACCOUNT';
    if (!['AD_ACCOUNT', 'PROFILE', 'ASSET_GROUP', 'CATALOG', 'CONSUMER'].includes(t)) throw bad('Invalid asset_type.');
    return t === 'AD_ACCOUNT';
  }

  /** Bookmark pagination: an opaque token for the next offset, null on the last page. */
  private page<T>(q: URLSearchParams, extra: string[], all: T[]): { items: T[]; bookmark: string | null } {
    for (const k of q.keys()) if (![...extra, 'bookmark', 'page_size', 'start_index'].includes(k)) throw bad(`Unknown parameter ${k}.`);
    const size = Number(q.get('page_size') ?? 25);
    if (!Number.isInteger(size) || size < 1 || size > 250) throw bad('page_size must be 1 to 250.');
    let offset = Number(q.get('start_index') ?? 0);
    const bm = q.get('bookmark');
    if (bm !== null) {
      const decoded = /^o:(\d+)$/.exec(Buffer.from(bm, 'base64url').toString('utf8'));
      if (!decoded) throw bad('Invalid bookmark.');
      offset = Number(decoded[1]);
    }
    const items = all.slice(offset, offset + size);
    return { items, bookmark: offset + size < all.length ? Buffer.from(`o:${offset + size}`).toString('base64url') : null };
  }

  private listMembers(b: Business, q: URLSearchParams): unknown[] {
    const roles = q.getAll('business_roles');
    for (const r of roles) if (!['EMPLOYEE', 'BIZ_ADMIN', 'PARTNER'].includes(r)) throw bad('Invalid business_roles.');
    const ids = q.get('member_ids')?.split(',');
    return [...b.members.values()]
      .filter((m) => (roles.length === 0 || roles.includes(m.role)) && (!ids || ids.includes(m.user.id)))
      .map((m) => ({ id: m.user.id, user: m.user, business_roles: [m.role], created_time: this.now, is_shared_partner: false }));
  }

  private listInvites(b: Business, q: URLSearchParams): unknown[] {
    const statuses = q.getAll('invite_status');
    for (const s of statuses) if (!['PENDING', 'EXPIRED'].includes(s)) throw bad('invite_status accepts PENDING and EXPIRED only.');
    const type = q.get('invite_type');
    if (type !== null && !['MEMBER_INVITE', 'PARTNER_INVITE', 'PARTNER_REQUEST'].includes(type)) throw bad('Invalid invite_type.');
    return [...b.invites.values()].filter((i) => statuses.length === 0 || statuses.includes(this.status(i))).map((i) => this.inviteJson(i));
  }

  private inviteJson(i: Invite): unknown {
    return { id: i.id, business_roles: [i.role], user: { id: null, email: i.email, username: null }, created_time: i.sentAt, is_received_invite: false, invite_data: { invite_status: this.status(i), invite_type: 'MEMBER_INVITE', invite_expiration: i.expiresAt, sent_at: i.sentAt, last_updated_time: i.sentAt } };
  }

  private fields(body: unknown, allowed: string[]): Record<string, unknown> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('Body must be an object.');
    for (const k of Object.keys(body)) if (!allowed.includes(k)) throw bad(`Unknown field ${k}.`);
    return body as Record<string, unknown>;
  }

  private list(v: unknown, name: string, max: number): unknown[] {
    if (!Array.isArray(v) || v.length < 1 || v.length > max) throw bad(`${name} must hold 1 to ${max} items.`);
    return v;
  }

  private createInvites(b: Business, body: unknown): unknown {
    const f = this.fields(body, ['invite_type', 'business_role', 'members']);
    if (f.invite_type !== 'MEMBER_INVITE') throw bad('invite_type must be MEMBER_INVITE here.');
    if (f.business_role !== 'EMPLOYEE' && f.business_role !== 'BIZ_ADMIN') throw bad('business_role must be EMPLOYEE or BIZ_ADMIN.');
    const members = this.list(f.members, 'members', 50);
    const items = members.map((who) => {
      const email = String(who).toLowerCase();
      const ex = (code: number, message: string): unknown => ({ exception: { code, message, users_or_partner_ids: [who] } });
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return ex(400, 'Invalid email or username.');
      if ([...b.members.values()].some((m) => m.user.email.toLowerCase() === email)) return ex(409, 'User is already a member of this business.');
      if ([...b.invites.values()].some((i) => i.email === email && this.status(i) === 'PENDING')) return ex(409, 'User already has a pending invite.');
      if ([...b.invites.values()].filter((i) => this.status(i) === 'PENDING').length >= b.maxPending) return ex(403, 'You hit the maximum number of pending invites allowed.');
      const inv: Invite = { id: this.nextId(), email, role: f.business_role as string, status: 'PENDING', sentAt: this.now, expiresAt: this.now + this.inviteTtlMs, assets: {} };
      b.invites.set(inv.id, inv);
      for (const tell of this.onInvite) tell({ businessId: b.id, inviteId: inv.id, email, role: inv.role });
      return { invite: this.inviteJson(inv) };
    });
    return { items };
  }

  private cancelInvites(b: Business, body: unknown): unknown {
    const ids = this.list(this.fields(body, ['invite_ids']).invite_ids, 'invite_ids', 50);
    return {
      items: ids.map((id) => {
        const i = b.invites.get(String(id));
        if (!i || this.status(i) !== 'PENDING') return { exception: { invite_id: id, message: 'Invite not found or no longer pending.' } };
        i.status = 'CANCELLED';
        return { invite: this.inviteJson(i) };
      }),
    };
  }

  private inviteAssets(b: Business, body: unknown): unknown {
    const invites = this.list(this.fields(body, ['invites']).invites, 'invites', 50);
    return {
      items: invites.map((x) => {
        const g = this.fields(x, ['invite_id', 'invite_type', 'asset_id_to_permissions']);
        const inv = b.invites.get(String(g.invite_id));
        if (g.invite_type !== 'MEMBER_INVITE') throw bad('invite_type must be MEMBER_INVITE.');
        const perms = g.asset_id_to_permissions as Record<string, string[]>;
        for (const [asset, p] of Object.entries(perms ?? {})) {
          if (!b.assets.includes(asset)) throw bad(`Unknown asset ${asset}.`);
          if (!Array.isArray(p) || p.length === 0 || p.some((x) => !assetPermissions.has(x))) throw bad(`Invalid permissions for ${asset}.`);
        }
        if (!inv || this.status(inv) !== 'PENDING') return { exception: { invite_id: g.invite_id, message: 'Invite not pending.' } };
        Object.assign(inv.assets, perms);
        return { invite_id: inv.id, asset_id_to_permissions: perms };
      }),
    };
  }

  private updateMembers(b: Business, body: unknown): unknown {
    if (!Array.isArray(body) || body.length < 1 || body.length > 50) throw bad('Body must be an array of 1 to 50 members.');
    return {
      items: body.map((x) => {
        const u = this.fields(x, ['member_id', 'business_role']);
        const m = b.members.get(String(u.member_id));
        if (u.business_role !== 'EMPLOYEE' && u.business_role !== 'BIZ_ADMIN') throw bad('business_role must be EMPLOYEE or BIZ_ADMIN.');
        if (!m) return { exception: { code: 404, message: 'Member not found.', member_id: u.member_id } };
        m.role = u.business_role;
        return { member_id: m.user.id, business_role: m.role };
      }),
    };
  }

  private deleteMembers(b: Business, body: unknown): unknown {
    const list = this.list(this.fields(body, ['members']).members, 'members', 50);
    const deleted: string[] = [];
    for (const x of list) {
      const d = this.fields(x, ['member_id', 'business_role']);
      const m = b.members.get(String(d.member_id));
      if (m && m.role !== d.business_role) throw bad('business_role does not match the member.');
      if (m) {
        b.members.delete(m.user.id);
        deleted.push(m.user.id);
      }
    }
    return { deleted_members: deleted };
  }
}
