import type { FacebookLoginSettings } from '../../config/config.ts';
import type { Catalog } from '../../connectors/catalog.ts';
import { connectFacebookProfile, facebookLoginUrl } from '../../connectors/meta/oauth.ts';
import type { Database, Executor } from '../../db/client.ts';
import { normalizeEmail, type RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { randomToken, type Random } from '../../lib/random.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import { updateHubMember } from '../hubs/repo.ts';
import type { HubMemberState } from '../hubs/states.ts';
import { checkOAuthState, hashState, stateTtlMs } from '../oauth/policy.ts';
import { deleteExpiredOAuthStates, findOAuthStateForUpdate, insertOAuthState, updateOAuthState } from '../oauth/repo.ts';
import { enqueueCardCheck } from './card-check.ts';
import type { CardDto } from './dto.ts';
import { mayCheck } from './join-steps.ts';
import type { CardRow } from './repo.ts';

export type { FacebookLoginSettings };

export interface FacebookCallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
}

export interface FacebookProfileStep {
  /** "Continue with Facebook": where to send the browser, with a single-use state bound to this person and card. */
  facebookStart(ctx: RequestContext, hubMemberId: string): Promise<{ authorizeUrl: string }>;
  /** Facebook's redirect back; answers the SPA path to go to, which reopens the card's dialog with the outcome. */
  facebookCallback(ctx: RequestContext, query: FacebookCallbackQuery): Promise<string>;
  /** Without Facebook Login: "pick your pending invitation by e-mail" (spec §5.12, last line). */
  pickInvitation(ctx: RequestContext, hubMemberId: string, email: string): Promise<CardDto>;
}

const purpose = 'facebook_profile';

/**
 * "Connect your Facebook profile" (spec §5.12), the join step of apps whose manifest lists
 * `facebook_profile`.
 *
 * Who is the business user behind the profile? Facebook Login gives a user token with
 * `public_profile,email` and `/me` gives an app-scoped id, which is not the business-scoped id in
 * `business_users` (reference §1.8). Reading `/me/businesses` would need `business_management` from
 * every invitee, a permission Meta reviews and an employee should not have to grant, and would still
 * not give the business-scoped id. The system user's token is the only credential that can list
 * `business_users`, and it stays inside jobs (read and audited per job). So the bound profile means
 * "this invitee controls this profile"; membership is confirmed by `check_invite`, which reads
 * `business_users` with the system user's token and matches the invite e-mail, the way every sync
 * matches people. When the person is already a member, the business-scoped id is bound at once.
 * Until the check sees them, the dialog says "We couldn't find your profile in <business name> yet.
 * Accept the invite from Meta first."; the bound profile lets assets follow as soon as it does.
 */
export function createFacebookProfileStep(deps: {
  database: Database;
  catalog: Catalog;
  activity: Pick<ActivityService, 'record'>;
  clock: Clock;
  random: Random;
  publicUrl: string;
  facebookLogin: FacebookLoginSettings | null;
  card(ex: Executor, ctx: RequestContext, hubMemberId: string, lock?: boolean): Promise<{ row: CardRow; card: CardDto }>;
}): FacebookProfileStep {
  const { database, clock, facebookLogin } = deps;
  const redirectUri = `${deps.publicUrl}/api/v1/oauth/facebook/callback`;

  async function seatWithStep(ex: Executor, ctx: RequestContext, hubMemberId: string, lock = false): Promise<{ row: CardRow; card: CardDto }> {
    const found = await deps.card(ex, ctx, hubMemberId, lock);
    if (!found.card.joinSteps.includes('facebook_profile')) throw new AppError('conflict', `${found.card.appName} has no "Connect your Facebook profile" step.`);
    if (found.card.status !== 'connect_your_account' && found.card.status !== 'ready') throw new AppError('conflict', 'This card has no seat to connect a profile to yet.');
    return found;
  }

  /** Binds the profile, starts the check (which continues with `assign_assets`), and records it, in one transaction. */
  async function bind(tx: Executor, ctx: RequestContext, found: { row: CardRow; card: CardDto }, profile: { kind: 'facebook' | 'invitation'; appScopedUserId: string | null; name: string }): Promise<void> {
    const { row: r, card: c } = found;
    const now = clock.now();
    const needsCheck = (!c.joined || c.assetsPending > 0) && c.assetSetup !== 'running' && mayCheck(r.hm.state as HubMemberState);
    const jobId = needsCheck ? await enqueueCardCheck(tx, { hub: r.hub, hubMemberId: r.hm.id, trigger: 'web_app', actor: { kind: 'member', id: ctx.actor.memberId } }, now) : null;
    const appProfile = { kind: profile.kind, externalUserId: c.joined ? r.hm.externalUserId : null, appScopedUserId: profile.appScopedUserId, name: profile.name, boundAt: now.toISOString() };
    await updateHubMember(tx, r.hm.id, { appProfile, ...(jobId ? { lastJobId: jobId } : {}), updatedAt: now });
    await deps.activity.record(tx, byMember(ctx, 'hub_member.app_profile_bound', { type: 'hub_member', id: r.hm.id, label: r.hm.externalEmail }, { hubId: r.hub.id, kind: profile.kind, appScopedUserId: profile.appScopedUserId, name: profile.name, inBusiness: c.joined, jobId }));
  }

  return {
    async facebookStart(ctx, hubMemberId) {
      return database.tx(async (tx) => {
        const { row: r } = await seatWithStep(tx, ctx, hubMemberId);
        if (!facebookLogin) throw new AppError('oauth_not_configured', 'Facebook Login is not set up on this Latchkey. Pick your pending invitation by e-mail instead.');
        // The secret belongs to one app: the configured one wins over what a hub's owner typed.
        const appId = facebookLogin.appId ?? r.hub.connectFields.app_id;
        if (!appId) throw new AppError('conflict', 'This hub has no Meta App Id. Ask a hub owner to add it in the hub\'s settings.');
        const state = randomToken(deps.random, 32);
        const now = clock.now();
        await deleteExpiredOAuthStates(tx, { workspaceId: ctx.actor.workspaceId, memberId: ctx.actor.memberId, purpose, before: now });
        await insertOAuthState(tx, { id: newId(now.getTime()), workspaceId: ctx.actor.workspaceId, memberId: ctx.actor.memberId, purpose, appKey: r.hub.appKey, hubId: r.hub.id, hubMemberId, stateHash: hashState(state), expiresAt: new Date(now.getTime() + stateTtlMs), createdAt: now });
        return { authorizeUrl: facebookLoginUrl({ oauthUrl: facebookLogin.oauthUrl, version: facebookLogin.version, appId, redirectUri, state }) };
      });
    },

    async facebookCallback(ctx, q) {
      const dashboard = (outcome: string, hubMemberId?: string | null): string => `/accounts?${new URLSearchParams({ ...(hubMemberId ? { connect: hubMemberId } : {}), step: purpose, outcome }).toString()}`;
      if (!q.state) return dashboard('invalid');
      const now = clock.now();
      // Single use: the state is spent before anything else, whatever the outcome. Another member's
      // state stays usable by that member; this session simply cannot finish it.
      const taken = await database.tx(async (tx) => {
        const row = await findOAuthStateForUpdate(tx, hashState(q.state!));
        const refusal = checkOAuthState(row, ctx.actor, { purpose, appKey: null }, now);
        if (!row || (refusal !== null && refusal !== 'expired')) return null;
        await updateOAuthState(tx, row.id, { usedAt: now });
        return { hubMemberId: row.hubMemberId, expired: refusal === 'expired' };
      });
      if (!taken?.hubMemberId) return dashboard('invalid');
      const hubMemberId = taken.hubMemberId;
      if (taken.expired) return dashboard('expired', hubMemberId);
      if (q.error || !q.code) return dashboard('denied', hubMemberId);
      if (!facebookLogin) return dashboard('failed', hubMemberId);
      const found = await seatWithStep(database.db, ctx, hubMemberId).catch(() => null);
      const appId = facebookLogin.appId ?? found?.row.hub.connectFields.app_id;
      if (!found || !appId) return dashboard('invalid');
      let profile: Awaited<ReturnType<typeof connectFacebookProfile>>;
      try {
        profile = await connectFacebookProfile({ graphUrl: facebookLogin.graphUrl, version: facebookLogin.version, appId, appSecret: facebookLogin.appSecret, redirectUri, code: q.code, signal: AbortSignal.timeout(30_000) });
      } catch {
        return dashboard('failed', hubMemberId);
      }
      await database.tx(async (tx) => bind(tx, ctx, await seatWithStep(tx, ctx, hubMemberId, true), { kind: 'facebook', appScopedUserId: profile.appScopedUserId, name: profile.name ?? profile.email ?? 'Facebook profile' }));
      return dashboard('bound', hubMemberId);
    },

    async pickInvitation(ctx, hubMemberId, email) {
      return database.tx(async (tx) => {
        const found = await seatWithStep(tx, ctx, hubMemberId, true);
        if (facebookLogin) throw new AppError('conflict', 'Continue with Facebook to connect your profile.');
        if (normalizeEmail(email) !== found.row.hm.externalEmailNormalized) throw new AppError('validation_failed', 'Your pending invitation went to another address.', { errors: [{ pointer: '/email', message: 'not the address of your invitation' }] });
        if (found.row.hm.state === 'inviting') throw new AppError('conflict', 'Your invitation is still on its way. Pick it once it has arrived.');
        await bind(tx, ctx, found, { kind: 'invitation', appScopedUserId: null, name: found.row.hm.externalEmail });
        return (await deps.card(tx, ctx, hubMemberId)).card;
      });
    },
  };
}
