import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readRequest, jsonSender, type FakeWebHandler } from '../../../test/fakes/http-request.ts';

/**
 * A strict local stand-in for the Graph API's business-management edges, for contract tests only
 * (reference §1). Errors use Graph's nested `{error:{message,type,code,error_subcode,fbtrace_id}}`
 * with throttling on HTTP 400 plus `X-Business-Use-Case-Usage`; edges page with cursors and an
 * absolute `paging.next`; pending invites carry `status`, `expiration_time` and `invite_link`.
 * It refuses unknown parameters, wrong methods, bad enums and bad tokens.
 */
interface User { id: string; name: string; email: string; role: string; tasks: string[] }
interface Request { id: string; email: string; role: string; tasks: string[]; status: 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED'; createdAt: number; expiresAt: number }
type AssetKind = 'ad_account' | 'page' | 'product_catalog' | 'pixel';
interface Asset { id: string; name: string; kind: AssetKind; assigned: Map<string, string[]> }
interface Business { id: string; name: string; users: Map<string, User>; requests: Map<string, Request>; assets: Map<string, Asset> }
/** A scripted error: `skip` lets that many matching requests through first. */
interface Injected { code: number; subcode?: number; status?: number; regainMinutes?: number; method?: string; path?: RegExp; skip?: number }

/** Asset task enums from the Python SDK (`AdAccount.Tasks`, `Page.Tasks` without the PROFILE_PLUS_* set, `ProductCatalog.Tasks`, `AdsPixel.Tasks`). */
const taskEnum: Record<AssetKind, Set<string>> = {
  ad_account: new Set(['AA_ANALYZE', 'ADVERTISE', 'ANALYZE', 'DRAFT', 'MANAGE']),
  page: new Set(['ADVERTISE', 'ANALYZE', 'CASHIER_ROLE', 'CREATE_CONTENT', 'GLOBAL_STRUCTURE_MANAGEMENT', 'MANAGE', 'MANAGE_JOBS', 'MANAGE_LEADS', 'MESSAGING', 'MODERATE', 'MODERATE_COMMUNITY', 'PAGES_MESSAGING', 'PAGES_MESSAGING_SUBSCRIPTIONS']),
  product_catalog: new Set(['AA_ANALYZE', 'ADVERTISE', 'MANAGE', 'MANAGE_AR']),
  pixel: new Set(['AA_ANALYZE', 'ADVERTISE', 'ANALYZE', 'EDIT', 'UPLOAD']),
};
const ownedEdges: Record<string, AssetKind> = { owned_ad_accounts: 'ad_account', owned_pages: 'page', owned_product_catalogs: 'product_catalog', owned_pixels: 'pixel' };

const roleEnum = new Set(['ADMIN', 'ADS_RIGHTS_REVIEWER', 'DEFAULT', 'DEVELOPER', 'EMPLOYEE', 'FINANCE_ANALYST', 'FINANCE_EDIT', 'FINANCE_EDITOR', 'FINANCE_VIEW', 'MANAGE', 'PARTNER_CENTER_ADMIN', 'PARTNER_CENTER_ANALYST', 'PARTNER_CENTER_EDUCATION', 'PARTNER_CENTER_MARKETING', 'PARTNER_CENTER_OPERATIONS']);

class GraphError extends Error {
  constructor(readonly code: number, message: string, readonly subcode?: number, readonly status = 400) {
    super(message);
  }
}
const param = (m: string): GraphError => new GraphError(100, `(#100) ${m}`);
const unsupported = (method: string, id: string): GraphError => new GraphError(100, `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 33);
const missing = (id: string): GraphError => unsupported('GET', id);
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');

export class FakeGraph {
  readonly businesses = new Map<string, Business>();
  readonly tokens = new Set<string>();
  readonly requests: { method: string; path: string; query: string; form: Record<string, string> }[] = [];
  readonly injected: Injected[] = [];
  /** Facebook Login: app id → secret; single-use codes → the profile they sign in. */
  readonly apps = new Map<string, string>();
  readonly loginCodes = new Map<string, { appId: string; redirectUri: string; profile: { id: string; name: string; email?: string } }>();
  private readonly userTokens = new Map<string, { id: string; name: string; email?: string }>();
  /** Browser-facing pages served beside the API (see `FakeWebHandler`), e.g. `fake-web.ts`. */
  readonly web: FakeWebHandler[] = [];
  /** Told about each business invitation the API creates (the invite e-mail, `fake-web.ts`). */
  readonly onInvite: ((invite: { businessId: string; businessName: string; requestId: string; email: string; inviteLink: string }) => void)[] = [];
  /** Where `invite_link` points: Meta's site by default, this server when its pages are attached. */
  inviteLinkBase = 'https://business.facebook.com';
  now = Date.now();
  inviteTtlMs = 30 * 24 * 3600 * 1000;
  url = '';
  private server: Server | undefined;
  private seq = 100000000000;

  constructor(readonly version = 'v25.0') {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private id(): string {
    return String(++this.seq);
  }

  addBusiness(id: string, name: string): Business {
    const b: Business = { id, name, users: new Map(), requests: new Map(), assets: new Map() };
    this.businesses.set(id, b);
    return b;
  }

  addUser(bid: string, email: string, role = 'EMPLOYEE'): User {
    const u: User = { id: this.id(), name: email.split('@')[0]!, email, role, tasks: [] };
    this.businesses.get(bid)!.users.set(u.id, u);
    return u;
  }

  addAsset(bid: string, kind: AssetKind, name: string): Asset {
    const a: Asset = { id: kind === 'ad_account' ? `act_${this.id()}` : this.id(), name, kind, assigned: new Map() };
    this.businesses.get(bid)!.assets.set(a.id, a);
    return a;
  }

  /** The invitee accepts: the request is ACCEPTED and a BusinessUser appears, named after their Facebook profile when given. */
  accept(bid: string, requestId: string, profileName?: string): User {
    const r = this.businesses.get(bid)!.requests.get(requestId)!;
    if (this.status(r) !== 'PENDING') throw new Error(`request is ${this.status(r)}`);
    r.status = 'ACCEPTED';
    const u = this.addUser(bid, r.email, r.role);
    u.tasks = r.tasks;
    if (profileName) u.name = profileName;
    return u;
  }

  inviteLink(requestId: string): string {
    return `${this.inviteLinkBase}/invitation/?token=${requestId}`;
  }

  status(r: Request): Request['status'] {
    return r.status === 'PENDING' && this.now >= r.expiresAt ? 'EXPIRED' : r.status;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', 'http://x');
    if (this.web.some((page) => page(req, res, target))) return;
    const { raw, url, method } = await readRequest(req);
    const send = jsonSender(res);
    const fail = (e: GraphError, headers: Record<string, string> = {}): void =>
      send(e.status, { error: { message: e.message, type: e.code === 190 ? 'OAuthException' : 'GraphMethodException', code: e.code, ...(e.subcode ? { error_subcode: e.subcode } : {}), fbtrace_id: randomBytes(8).toString('base64url') } }, headers);
    try {
      const prefix = `/${this.version}/`;
      if (!url.pathname.startsWith(prefix)) throw new GraphError(2500, 'Unknown path components', undefined, 400);
      if (url.searchParams.has('access_token')) throw param('This test server wants the token in the Authorization header only.');
      let form: Record<string, string> = {};
      if (method === 'POST' || method === 'DELETE') {
        if (raw && req.headers['content-type'] !== 'application/x-www-form-urlencoded') throw param('Body must be form-encoded.');
        form = Object.fromEntries(new URLSearchParams(raw));
      } else if (raw) throw param('GET takes no body.');
      const path = url.pathname.slice(prefix.length);
      this.requests.push({ method, path, query: url.search, form });
      if (path === 'oauth/access_token') return send(200, this.exchange(method, form));
      const auth = req.headers.authorization ?? '';
      if (path === 'me' && method === 'GET' && this.userTokens.has(auth.slice(7))) {
        this.allow(url.searchParams, ['fields']);
        return send(200, this.userTokens.get(auth.slice(7)));
      }
      if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7))) throw new GraphError(190, 'Invalid OAuth access token - Cannot parse access token', undefined, 400);
      const inj = this.injected.findIndex((x) => (!x.method || x.method === method) && (!x.path || x.path.test(path)));
      if (inj >= 0 && (this.injected[inj]!.skip ?? 0) > 0) this.injected[inj]!.skip! -= 1;
      else if (inj >= 0) {
        const [x] = this.injected.splice(inj, 1);
        const e = new GraphError(x!.code, x!.code === 80004 ? 'There have been too many calls to this ad-account. Wait a bit and try again.' : 'Injected error', x!.subcode, x!.status ?? 400);
        return fail(e, x!.regainMinutes !== undefined ? { 'x-business-use-case-usage': JSON.stringify({ [path.split('/')[0]!]: [{ type: 'ads_management', call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: x!.regainMinutes }] }) } : {});
      }
      return send(200, this.route(method, path.split('/'), url.searchParams, form));
    } catch (e) {
      if (e instanceof GraphError) return fail(e);
      return fail(new GraphError(1, (e as Error).message, undefined, 500));
    }
  }

  private exchange(method: string, form: Record<string, string>): unknown {
    if (method !== 'POST') throw param('Use POST so the client secret stays out of URLs.');
    this.allow(form, ['client_id', 'client_secret', 'redirect_uri', 'code'], ['client_id', 'client_secret', 'redirect_uri', 'code']);
    if (this.apps.get(form.client_id!) !== form.client_secret) throw new GraphError(1, 'Error validating client secret.', undefined, 400);
    const grant = this.loginCodes.get(form.code!);
    this.loginCodes.delete(form.code!);
    if (!grant || grant.appId !== form.client_id) throw new GraphError(100, 'This authorization code has been used.', 36009);
    if (grant.redirectUri !== form.redirect_uri) throw new GraphError(100, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', 36008);
    const token = `EAAuser${randomBytes(6).toString('hex')}`;
    this.userTokens.set(token, grant.profile);
    return { access_token: token, token_type: 'bearer', expires_in: 5183944 };
  }

  private allow(q: URLSearchParams | Record<string, string>, allowed: string[], required: string[] = []): void {
    const keys = q instanceof URLSearchParams ? [...q.keys()] : Object.keys(q);
    for (const k of keys) if (!allowed.includes(k)) throw param(`Param ${k} is not valid here`);
    for (const k of required) if (!keys.includes(k)) throw param(`The parameter ${k} is required`);
  }

  /** Cursor paging: `after` is an opaque offset; `next` is absolute and carries no token. */
  private edge<T>(path: string, q: URLSearchParams, all: T[]): unknown {
    const limit = Number(q.get('limit') ?? 25);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw param('Param limit must be between 1 and 500');
    const after = q.get('after');
    let offset = 0;
    if (after !== null) {
      const m = /^c(\d+)$/.exec(Buffer.from(after, 'base64url').toString('utf8'));
      if (!m) throw param('Invalid cursor');
      offset = Number(m[1]);
    }
    const data = all.slice(offset, offset + limit);
    const cursor = (n: number): string => Buffer.from(`c${n}`).toString('base64url');
    const paging: Record<string, unknown> = { cursors: { before: cursor(offset), after: cursor(offset + data.length) } };
    if (offset + limit < all.length) {
      const next = new URLSearchParams(q);
      next.set('after', cursor(offset + limit));
      paging.next = `${this.url}/${this.version}/${path}?${next.toString()}`;
    }
    return { data, paging };
  }

  private findNode(id: string): { b: Business; user?: User; request?: Request; asset?: Asset } | null {
    for (const b of this.businesses.values()) {
      if (b.id === id) return { b };
      if (b.users.has(id)) return { b, user: b.users.get(id)! };
      if (b.requests.has(id)) return { b, request: b.requests.get(id)! };
      if (b.assets.has(id)) return { b, asset: b.assets.get(id)! };
    }
    return null;
  }

  /** A form list parameter: a JSON array whose items are all in `allowed`. */
  private taskList(raw: string, allowed: Set<string>): string[] {
    let tasks: unknown;
    try {
      tasks = JSON.parse(raw);
    } catch {
      throw param('Param tasks must be an array');
    }
    if (!Array.isArray(tasks) || tasks.some((t) => typeof t !== 'string' || !allowed.has(t))) throw param('Param tasks[0] must be one of the tasks enum');
    return tasks as string[];
  }

  private roles(form: Record<string, string>): { role: string; tasks: string[] } {
    const role = form.role ?? 'EMPLOYEE';
    if (!roleEnum.has(role)) throw param('Param role must be one of {ADMIN, EMPLOYEE, …}');
    return { role, tasks: form.tasks === undefined ? [] : this.taskList(form.tasks, roleEnum) };
  }

  /**
   * `/{asset_id}/assigned_users`: who holds the asset, grant (POST sets the user's tasks) and revoke.
   * Ad accounts need `business` on all three (reference §1.3); only business users of the owning
   * business can get a role (§1.4). Graph documents no answer for revoking a user who holds no role;
   * this fake refuses it with code 100, so a connector cannot depend on either behaviour.
   * Pixels are read-only here: `GET /{ads-pixel-id}/assigned_users` needs `business`, and Graph's
   * reference (ads-pixel/assigned_users) documents no create or delete, so POST and DELETE get the
   * answer Graph gives an operation a node does not support (100/33), before any parameter check.
   */
  private assignedUsers(method: string, path: string, a: Asset, b: Business, q: URLSearchParams, form: Record<string, string>): unknown {
    const business = a.kind === 'ad_account' || a.kind === 'pixel' ? ['business'] : [];
    const owner = (id: string | null | undefined): void => {
      if (id != null && id !== b.id) throw param('Param business must be the business that owns this asset');
    };
    const member = (id: string): string => {
      if (!b.users.has(id)) throw param(`The user ${id} is not a person in the business that owns this asset`);
      return id;
    };
    if (method === 'GET') {
      this.allow(q, ['fields', 'limit', 'after', 'before', 'business', 'summary'], business);
      owner(q.get('business'));
      return this.edge(path, q, [...a.assigned].map(([uid, tasks]) => ({ id: uid, name: b.users.get(uid)?.name, tasks, permitted_tasks: tasks })));
    }
    if (a.kind === 'pixel') throw unsupported(method, a.id);
    if (method === 'POST') {
      this.allow(form, ['user', 'tasks', ...business], ['user', 'tasks', ...business]);
      owner(form.business);
      const tasks = this.taskList(form.tasks!, taskEnum[a.kind]);
      if (tasks.length === 0) throw param('Param tasks must be a non-empty array');
      a.assigned.set(member(form.user!), tasks);
      return { success: true };
    }
    if (method === 'DELETE') {
      this.allow(form, ['user', ...business], ['user', ...business]);
      owner(form.business);
      if (!a.assigned.delete(member(form.user!))) throw param(`The user ${form.user!} has no role on this asset`);
      return { success: true };
    }
    throw new GraphError(100, `Unsupported ${method.toLowerCase()} request.`, 33);
  }

  private route(method: string, parts: string[], q: URLSearchParams, form: Record<string, string>): unknown {
    const [id, edge, ...rest] = parts;
    if (!id || rest.length > 0) throw new GraphError(2500, 'Unknown path components');
    const node = this.findNode(id);
    if (!node) throw missing(id);
    const path = parts.join('/');
    if (!edge) {
      if (method === 'GET') {
        this.allow(q, ['fields']);
        if (node.user) return { id, name: node.user.name, email: node.user.email, role: node.user.role };
        if (node.request) return { id, email: node.request.email, status: this.status(node.request) };
        return { id, name: node.asset?.name ?? node.b.name };
      }
      if (method === 'POST' && node.user) {
        this.allow(form, ['role', 'tasks', 'email', 'first_name', 'last_name', 'title', 'pending_email', 'clear_pending_email', 'skip_verification_email']);
        const { role, tasks } = this.roles(form);
        node.user.role = role;
        if (form.tasks !== undefined) node.user.tasks = tasks;
        return { success: true };
      }
      if (method === 'DELETE' && node.user) {
        this.allow(form, []);
        node.b.users.delete(id);
        for (const a of node.b.assets.values()) a.assigned.delete(id);
        return { success: true };
      }
      if (method === 'DELETE' && node.request) {
        this.allow(form, []);
        node.b.requests.delete(id);
        return { success: true };
      }
      throw new GraphError(100, `Unsupported ${method.toLowerCase()} request.`, 33);
    }
    const b = node.b;
    if (edge === 'business_users' && !node.user && !node.request && !node.asset) {
      if (method === 'GET') {
        this.allow(q, ['fields', 'limit', 'after', 'before', 'summary']);
        return this.edge(path, q, [...b.users.values()].map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, tasks: u.tasks })));
      }
      if (method === 'POST') {
        this.allow(form, ['email', 'role', 'tasks', 'invited_user_type'], ['email']);
        const email = form.email!.toLowerCase();
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw param('Invalid email address');
        if ([...b.users.values()].some((u) => u.email.toLowerCase() === email)) throw param('This person is already in the business');
        const { role, tasks } = this.roles(form);
        const r: Request = { id: this.id(), email, role, tasks, status: 'PENDING', createdAt: this.now, expiresAt: this.now + this.inviteTtlMs };
        for (const old of b.requests.values()) if (old.email === email && this.status(old) === 'PENDING') throw param('This person already has a pending invitation');
        b.requests.set(r.id, r);
        for (const tell of this.onInvite) tell({ businessId: b.id, businessName: b.name, requestId: r.id, email, inviteLink: this.inviteLink(r.id) });
        return { id: r.id };
      }
    }
    if (edge === 'pending_users' && method === 'GET' && !node.user && !node.request && !node.asset) {
      this.allow(q, ['fields', 'limit', 'after', 'before', 'email', 'summary']);
      const email = q.get('email')?.toLowerCase();
      return this.edge(path, q, [...b.requests.values()].filter((r) => !email || r.email === email).map((r) => ({ id: r.id, email: r.email, role: r.role, tasks: r.tasks, status: this.status(r), created_time: iso(r.createdAt), expiration_time: iso(r.expiresAt), invite_link: this.inviteLink(r.id) })));
    }
    if (ownedEdges[edge] && method === 'GET' && !node.asset && !node.user && !node.request) {
      this.allow(q, ['fields', 'limit', 'after', 'before']);
      return this.edge(path, q, [...b.assets.values()].filter((a) => a.kind === ownedEdges[edge]).map((a) => ({ id: a.id, name: a.name })));
    }
    if (edge === 'assigned_users' && node.asset) return this.assignedUsers(method, path, node.asset, b, q, form);
    throw new GraphError(100, `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not support the ${edge} edge.`, 33);
  }
}
