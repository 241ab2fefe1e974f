import type { Database, Executor } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import type { HubAccess } from '../hubs/access.ts';
import { findHub, type HubRow } from '../hubs/repo.ts';
import type { MailService } from '../mail/service.ts';
import { claimNotice } from '../mail/templates.ts';
import { membersOfSubjects, pathsOnHub } from '../shares/paths.ts';
import { recompute } from '../shares/recompute.ts';
import { putHubGrant } from '../shares/repo.ts';
import { collectionGrants, collectionOfHub, collectionRolesOf, findCollection, findOwnHubMember, hubsIn, insertCollection, insertCollectionHub, setClaim, type CollectionRow } from './repo.ts';

export interface CollectionDto {
  id: string;
  name: string;
  myRole: 'owner' | 'collaborator';
  hubs: { hubId: string; label: string; appRoleKeys: string[]; assets: number }[];
  grants: { id: string; subjectType: string; subjectId: string; role: string }[];
}

export interface CollectionsService {
  list(ctx: RequestContext): Promise<CollectionDto[]>;
  create(ctx: RequestContext, name: string): Promise<CollectionDto>;
  get(ctx: RequestContext, id: string): Promise<CollectionDto>;
  addHub(ctx: RequestContext, id: string, input: { hubId: string; appRoleKeys: string[]; assetGrants: { assetId: string; access: 'full' | 'partial'; permissions: string[] }[] }): Promise<CollectionDto>;
  share(ctx: RequestContext, id: string, input: { subjectType: 'user' | 'team'; subjectId: string; role: 'owner' | 'collaborator' }): Promise<CollectionDto>;
  /** "Send email invite" on a "Claim your invite" card (T4). */
  claim(ctx: RequestContext, hubMemberId: string): Promise<void>;
  /** Owners' "Skip" → "Skip for now": oversight without a seat (T5). */
  skip(ctx: RequestContext, hubMemberId: string): Promise<void>;
}

export function createCollectionsService(deps: { database: Database; access: HubAccess; activity: Pick<ActivityService, 'record'>; mail: Pick<MailService, 'queue'>; clock: Clock; publicUrl: string }): CollectionsService {
  const { database, activity, clock } = deps;
  const actorOf = (ctx: RequestContext) => ({ kind: 'member' as const, id: ctx.actor.memberId, label: ctx.actor.email });

  async function dto(ex: Executor, ctx: RequestContext, c: CollectionRow, myRole: 'owner' | 'collaborator'): Promise<CollectionDto> {
    const items = await hubsIn(ex, c.id);
    const hubs = await Promise.all(items.map(async (i) => ({ hubId: i.hubId, label: (await findHub(ex, c.workspaceId, i.hubId))?.label ?? '', appRoleKeys: i.hubAccess.appRoleKeys, assets: i.hubAccess.assetGrants.length })));
    const grants = myRole === 'owner' ? (await collectionGrants(ex, c.workspaceId, c.id)).map((g) => ({ id: g.id, subjectType: g.subjectType, subjectId: g.subjectId, role: g.role })) : [];
    return { id: c.id, name: c.name, myRole, hubs, grants };
  }

  async function load(ex: Executor, ctx: RequestContext, id: string, mustOwn: boolean): Promise<{ c: CollectionRow; role: 'owner' | 'collaborator' }> {
    const c = await findCollection(ex, ctx.actor.workspaceId, id);
    const role = c ? (await collectionRolesOf(ex, ctx.actor.workspaceId, ctx.actor.memberId)).get(c.id) : undefined;
    if (!c || !role) throw new AppError('not_found', 'No such collection, or it is not shared with you.');
    if (mustOwn && role !== 'owner') throw new AppError('forbidden', "Only the collection's Owners can change it or share it.");
    return { c, role };
  }

  /** Everyone holding the collection, recomputed on one hub; new claimants get the claim notice. */
  async function recomputeHub(tx: Executor, ctx: RequestContext, c: CollectionRow, hub: HubRow): Promise<void> {
    const holders = (await collectionGrants(tx, c.workspaceId, c.id)).map((g) => ({ type: g.subjectType as 'user' | 'team', id: g.subjectId }));
    const people = await membersOfSubjects(tx, c.workspaceId, holders);
    const { rows } = await recompute(tx, activity, { hub, people, trigger: 'collection_event', actor: actorOf(ctx), now: clock.now() });
    for (const r of rows.filter((x) => x.action.kind === 'claim_required')) {
      await deps.mail.queue(tx, { workspaceId: c.workspaceId, kind: 'claim_notice', to: r.email, ...claimNotice({ collectionName: c.name, sharedBy: ctx.actor.email, url: `${deps.publicUrl}/accounts` }) });
    }
  }

  async function myClaimable(tx: Executor, ctx: RequestContext, hubMemberId: string): Promise<{ hub: HubRow; role: 'owner' | 'collaborator' }> {
    const hm = await findOwnHubMember(tx, ctx.actor.workspaceId, hubMemberId, ctx.actor.memberId);
    if (!hm) throw new AppError('not_found', 'No such card on your dashboard.');
    const hub = (await findHub(tx, hm.workspaceId, hm.hubId))!;
    const paths = (await pathsOnHub(tx, hub.workspaceId, hub.id, [ctx.actor.memberId], clock.now())).get(ctx.actor.memberId) ?? [];
    const viaCollection = paths.filter((p) => p.via === 'collection');
    if (viaCollection.length === 0 || (hm.state !== 'pending_user_claim' && hm.state !== 'hub_only')) throw new AppError('conflict', 'There is no invite to claim on this card.');
    return { hub, role: viaCollection.some((p) => p.role === 'owner') ? 'owner' : 'collaborator' };
  }

  return {
    async list(ctx) {
      const roles = await collectionRolesOf(database.db, ctx.actor.workspaceId, ctx.actor.memberId);
      const out: CollectionDto[] = [];
      for (const [id, role] of roles) {
        const c = await findCollection(database.db, ctx.actor.workspaceId, id);
        if (c) out.push(await dto(database.db, ctx, c, role));
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    async create(ctx, name) {
      if (ctx.actor.role === 'login_only' || ctx.actor.role === 'guest') throw new AppError('forbidden', 'Login-only members and guests cannot create collections.');
      return database.tx(async (tx) => {
        const now = clock.now();
        const c = await insertCollection(tx, { id: newId(now.getTime()), workspaceId: ctx.actor.workspaceId, name, createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now });
        await putHubGrant(tx, { id: newId(), workspaceId: c.workspaceId, objectType: 'collection', objectId: c.id, subjectType: 'user', subjectId: ctx.actor.memberId, role: 'owner', origin: 'share', createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now });
        await activity.record(tx, byMember(ctx, 'collection.created', { type: 'collection', id: c.id, label: name }));
        return dto(tx, ctx, c, 'owner');
      });
    },
    async get(ctx, id) {
      const { c, role } = await load(database.db, ctx, id, false);
      return dto(database.db, ctx, c, role);
    },
    async addHub(ctx, id, input) {
      return database.tx(async (tx) => {
        const { c } = await load(tx, ctx, id, true);
        const { hub } = await deps.access.require(tx, ctx, input.hubId, 'settings', { forUpdate: true });
        if (await collectionOfHub(tx, hub.id)) throw new AppError('hub_in_collection', `${hub.label} is already in a collection. A hub sits in at most one collection.`);
        await insertCollectionHub(tx, { workspaceId: c.workspaceId, collectionId: c.id, hubId: hub.id, hubAccess: { appRoleKeys: input.appRoleKeys, assetGrants: input.assetGrants }, createdAt: clock.now() });
        await activity.record(tx, byMember(ctx, 'collection.hub_added', { type: 'collection', id: c.id, label: c.name }, { hubId: hub.id, appRoleKeys: input.appRoleKeys }));
        await recomputeHub(tx, ctx, c, hub);
        return dto(tx, ctx, c, 'owner');
      });
    },
    async share(ctx, id, input) {
      return database.tx(async (tx) => {
        const { c } = await load(tx, ctx, id, true);
        const people = await membersOfSubjects(tx, c.workspaceId, [{ type: input.subjectType, id: input.subjectId }]);
        if (people.length === 0 && input.subjectType === 'user') throw new AppError('not_found', 'No such member in this workspace.', { errors: [{ pointer: '/subjectId', message: 'unknown member' }] });
        if (input.role === 'owner' && people.some((p) => p.role === 'guest' || p.role === 'login_only')) throw new AppError('forbidden', 'Guests and login-only members (and teams that include them) can only be Collaborators.');
        const now = clock.now();
        await putHubGrant(tx, { id: newId(now.getTime()), workspaceId: c.workspaceId, objectType: 'collection', objectId: c.id, subjectType: input.subjectType, subjectId: input.subjectId, role: input.role, origin: 'share', createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now });
        await activity.record(tx, byMember(ctx, 'collection.shared', { type: 'collection', id: c.id, label: c.name }, input));
        for (const item of await hubsIn(tx, c.id)) await recomputeHub(tx, ctx, c, (await findHub(tx, c.workspaceId, item.hubId))!);
        return dto(tx, ctx, c, 'owner');
      });
    },
    async claim(ctx, hubMemberId) {
      await database.tx(async (tx) => {
        const { hub } = await myClaimable(tx, ctx, hubMemberId);
        await setClaim(tx, { workspaceId: hub.workspaceId, hubId: hub.id, memberId: ctx.actor.memberId, state: 'claimed', at: clock.now() });
        await recompute(tx, activity, { hub, people: await membersOfSubjects(tx, hub.workspaceId, [{ type: 'user', id: ctx.actor.memberId }]), trigger: 'collection_event', actor: actorOf(ctx), now: clock.now() });
        await activity.record(tx, byMember(ctx, 'hub_member.claimed', { type: 'hub_member', id: hubMemberId, label: ctx.actor.email }, { hubId: hub.id }));
      });
    },
    async skip(ctx, hubMemberId) {
      await database.tx(async (tx) => {
        const { hub, role } = await myClaimable(tx, ctx, hubMemberId);
        if (role !== 'owner') throw new AppError('forbidden', 'Only Owners can skip the invite and keep oversight without a seat.');
        await setClaim(tx, { workspaceId: hub.workspaceId, hubId: hub.id, memberId: ctx.actor.memberId, state: 'skipped', at: clock.now() });
        await recompute(tx, activity, { hub, people: await membersOfSubjects(tx, hub.workspaceId, [{ type: 'user', id: ctx.actor.memberId }]), trigger: 'collection_event', actor: actorOf(ctx), now: clock.now() });
        await activity.record(tx, byMember(ctx, 'hub_member.claim_skipped', { type: 'hub_member', id: hubMemberId, label: ctx.actor.email }, { hubId: hub.id }));
      });
    },
  };
}
