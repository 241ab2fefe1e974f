import type { Executor } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import type { AccountsService } from '../vault/service.ts';
import { canOnHub, effectiveHubRole, seesAllHubs, type EffectiveHubRole, type HubAction } from './policy.ts';
import { findHub, hubRolesOf, type HubRow } from './repo.ts';

export interface HubAccess {
  /** The hub and the actor's effective role on it; throws not_found when the actor may not see it. */
  load(ex: Executor, ctx: RequestContext, hubId: string, opts?: { forUpdate?: boolean }): Promise<{ hub: HubRow; role: EffectiveHubRole | null }>;
  /** The same, and refuses with a message when the role does not allow `action`. */
  require(ex: Executor, ctx: RequestContext, hubId: string, action: HubAction, opts?: { forUpdate?: boolean }): Promise<{ hub: HubRow; role: EffectiveHubRole }>;
  roleOn(ex: Executor, ctx: RequestContext, hub: HubRow): Promise<EffectiveHubRole | null>;
}

const refusals: Record<HubAction, string> = {
  view_members: "Only the hub's Owners and Managers can see its members.",
  sync: "Only the hub's Owners and Managers can check for updates or retry.",
  manage_people: "Only the hub's Owners and Managers can change who has access.",
  settings: "Only the hub's Owners can change its settings or service account.",
};

export function createHubAccess(deps: { accounts: Pick<AccountsService, 'roleOf'> }): HubAccess {
  async function roleOn(ex: Executor, ctx: RequestContext, hub: HubRow): Promise<EffectiveHubRole | null> {
    const paths = (await hubRolesOf(ex, ctx.actor.workspaceId, hub.id, ctx.actor.memberId)).map((p) => p.role);
    if (paths.length === 0) return null;
    const credentialAccess = hub.serviceCredentialId ? await deps.accounts.roleOf(ex, ctx, hub.serviceCredentialId).then(() => true, () => false) : false;
    return effectiveHubRole(paths, credentialAccess);
  }
  async function load(ex: Executor, ctx: RequestContext, hubId: string, opts: { forUpdate?: boolean } = {}): Promise<{ hub: HubRow; role: EffectiveHubRole | null }> {
    const hub = await findHub(ex, ctx.actor.workspaceId, hubId, opts.forUpdate);
    const role = hub ? await roleOn(ex, ctx, hub) : null;
    if (!hub || (!role && !seesAllHubs(ctx.actor))) throw new AppError('not_found', 'No such business hub, or it is not shared with you.');
    return { hub, role };
  }
  return {
    load,
    roleOn,
    async require(ex, ctx, hubId, action, opts) {
      const { hub, role } = await load(ex, ctx, hubId, opts);
      if (!role || !canOnHub(role, action)) throw new AppError('forbidden', refusals[action]);
      return { hub, role };
    },
  };
}
