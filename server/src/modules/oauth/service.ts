import type { Database } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, isAppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { randomToken, type Random } from '../../lib/random.ts';
import type { ConnectInput, HubsService } from '../hubs/service.ts';
import { pendingHubSchema, type OAuthFailure, type PendingHub } from './dto.ts';
import { checkOAuthState, hashState, stateTtlMs } from './policy.ts';
import type { OAuthProvider } from './providers.ts';
import { deleteExpiredOAuthStates, findOAuthStateForUpdate, insertOAuthState, updateOAuthState } from './repo.ts';

const purpose = 'hub_authorization';

/** Everything `POST /hubs` takes except the secret, which the provider hands over instead. */
export type OAuthStartInput = Omit<ConnectInput, 'serviceCredential'> & { serviceCredential?: { label: string } | undefined };

/** Where the callback leaves the browser: the new hub, or a reason the web app puts in words. */
export type CallbackOutcome = { ok: true; hubId: string } | { ok: false; reason: OAuthFailure; provider: string; note?: string };

export interface HubOAuthService {
  /** Per app: null when it has no authorisation page, else the provider's name and whether it is set up here. */
  describe(appKey: string): { provider: string; configured: boolean } | null;
  /** Checks the hub details as `POST /hubs` would, remembers them under a fresh state, and answers the provider's authorise URL. */
  start(ctx: RequestContext, input: OAuthStartInput): Promise<{ authorizeUrl: string }>;
  /** The provider sent the browser back: check the state, exchange the code, connect the hub exactly as a pasted token would. */
  callback(ctx: RequestContext | null, appKey: string, query: Record<string, unknown>, signal: AbortSignal): Promise<CallbackOutcome>;
}

export interface HubOAuthDeps {
  database: Database;
  hubs: Pick<HubsService, 'checkConnect' | 'connect'>;
  providers: OAuthProvider[];
  clock: Clock;
  random: Random;
  /** Latchkey's own address: the redirect URI registered with each provider is `<publicUrl>/api/v1/oauth/callback/<appKey>`. */
  publicUrl: string;
}

export function callbackPath(appKey: string): string {
  return `/api/v1/oauth/callback/${encodeURIComponent(appKey)}`;
}

export function createHubOAuthService(deps: HubOAuthDeps): HubOAuthService {
  const { database, hubs, clock } = deps;
  const byApp = new Map(deps.providers.map((p) => [p.appKey, p]));
  const redirectUri = (appKey: string): string => `${deps.publicUrl}${callbackPath(appKey)}`;

  /** Marks the state used (or refuses it) in one short transaction that commits before any network call. */
  async function useState(ctx: RequestContext, provider: OAuthProvider, state: string): Promise<{ ok: true; id: string; pending: PendingHub } | { ok: false; reason: OAuthFailure }> {
    return database.tx(async (tx) => {
      const row = await findOAuthStateForUpdate(tx, hashState(state));
      const now = clock.now();
      const refusal = checkOAuthState(row, ctx.actor, { purpose, appKey: provider.appKey }, now);
      if (refusal === 'unknown') return { ok: false, reason: 'invalid_state' };
      // Another member's state stays usable by that member: this session simply cannot finish it.
      if (refusal === 'other_member') return { ok: false, reason: 'wrong_member' };
      if (refusal === 'used') return { ok: false, reason: 'used' };
      await updateOAuthState(tx, row!.id, { usedAt: now });
      if (refusal === 'expired') return { ok: false, reason: 'expired' };
      return { ok: true, id: row!.id, pending: pendingHubSchema.parse(row!.data) };
    });
  }

  return {
    describe(appKey) {
      const p = byApp.get(appKey);
      return p ? { provider: p.name, configured: p.client !== null } : null;
    },

    async start(ctx, input) {
      const manifest = hubs.checkConnect(ctx, input);
      const provider = byApp.get(input.appKey);
      if (!provider) throw new AppError('validation_failed', `${manifest.displayName} has no authorisation page. Paste a token instead.`, { errors: [{ pointer: '/appKey', message: 'no OAuth for this app' }] });
      if (!provider.client) throw new AppError('oauth_not_configured', `Authorising with ${provider.name} is not set up on this Latchkey. Paste an access token instead, or ask the person who runs Latchkey to register its ${provider.name} app.`);
      // The state row is not a secret store: the app's secret fields (if it ever had any) never go into it.
      const secretFields = new Set(manifest.extraConnectFields.filter((f) => f.secret).map((f) => f.key));
      if (Object.keys(input.connectFields ?? {}).some((k) => secretFields.has(k))) throw new AppError('validation_failed', `Connect ${manifest.displayName} with a pasted token to give its secret fields.`, { errors: [{ pointer: '/connectFields', message: 'secret field' }] });
      const state = randomToken(deps.random, 32);
      const now = clock.now();
      const pending = pendingHubSchema.parse({
        label: input.label,
        businessId: input.businessId,
        connectFields: input.connectFields,
        loginMethod: input.loginMethod,
        requestToSave: input.requestToSave,
        credentialLabel: input.serviceCredential?.label ?? `${input.label} automation`,
      });
      await database.tx(async (tx) => {
        await deleteExpiredOAuthStates(tx, { workspaceId: ctx.actor.workspaceId, memberId: ctx.actor.memberId, purpose, before: now });
        await insertOAuthState(tx, { id: newId(now.getTime()), workspaceId: ctx.actor.workspaceId, memberId: ctx.actor.memberId, purpose, appKey: provider.appKey, stateHash: hashState(state), data: pending, expiresAt: new Date(now.getTime() + stateTtlMs), createdAt: now });
      });
      return { authorizeUrl: provider.client.authorizeUrl({ state, redirectUri: redirectUri(provider.appKey) }) };
    },

    async callback(ctx, appKey, query, signal) {
      const provider = byApp.get(appKey);
      if (!provider) throw new AppError('not_found', `No app "${appKey}" is authorised through OAuth here.`);
      const fail = (reason: OAuthFailure, note?: string): CallbackOutcome => ({ ok: false, reason, provider: provider.name, ...(note ? { note } : {}) });
      if (!ctx) return fail('signed_out');
      const params = provider.readCallback(query);
      if (!params.state) return fail('invalid_state');
      const used = await useState(ctx, provider, params.state);
      if (!used.ok) return fail(used.reason);
      // The state was good, so this really is the answer to this member's request.
      if (params.error) return fail('denied', `provider error ${params.error.slice(0, 60)}`);
      if (!params.code) return fail('exchange_failed', 'the callback carried neither a code nor an error');
      if (!provider.client) return fail('not_configured');
      let secret: string;
      try {
        secret = await provider.client.exchange({ code: params.code, redirectUri: redirectUri(appKey), signal });
      } catch (e) {
        return fail('exchange_failed', (e as Error).message);
      }
      const { credentialLabel, ...hub } = used.pending;
      try {
        const created = await hubs.connect(ctx, { appKey, ...hub, serviceCredential: { label: credentialLabel, token: secret } });
        await updateOAuthState(database.db, used.id, { hubId: created.id });
        return { ok: true, hubId: created.id };
      } catch (e) {
        if (isAppError(e)) return fail('connect_failed', `${e.code}: ${e.message}`);
        throw e;
      }
    },
  };
}
