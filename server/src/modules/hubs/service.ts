import type { Catalog } from '../../connectors/catalog.ts';
import type { AppManifest } from '../../connectors/types.ts';
import type { Database } from '../../db/client.ts';
import { describeFailure } from '../../jobs/failure-codes.ts';
import { enqueueJob } from '../../jobs/repo.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import type { AccountsService } from '../vault/service.ts';
import { upsertGrant } from '../vault/repo.ts';
import type { HubAccess } from './access.ts';
import { toAppRoleDto, toAssetDto, toHubDto, type appRoleSchema, type assetSchema, type HubDto } from './dto.ts';
import { canConnectHub, seesAllHubs } from './policy.ts';
import { deleteHub, hubRolesOf, insertHub, listAppRoles, listAssets, listHubs, replaceAppRoles, updateHub, type HubRow } from './repo.ts';
import { findActiveSync } from './sync-repo.ts';
import type { z } from 'zod';

export interface ConnectInput {
  appKey: string;
  label: string;
  businessId?: string | undefined;
  connectFields?: Record<string, string> | undefined;
  loginMethod: 'sso' | 'username_password';
  requestToSave?: boolean | undefined;
  serviceCredential: { accountId: string } | { label: string; token: string };
}

export interface HubSettingsInput {
  label?: string | undefined;
  businessId?: string | undefined;
  loginMethod?: 'sso' | 'username_password' | undefined;
  requestToSave?: boolean | undefined;
  syncSafeguardPct?: number | undefined;
  dailySync?: boolean | undefined;
  autoReinviteMax?: number | undefined;
  assetsOnAcceptance?: boolean | undefined;
  serviceCredentialAccountId?: string | undefined;
}

export interface HubsService {
  catalog(): AppManifest[];
  /**
   * What `connect` checks before it writes anything (who may connect, the app, its business ID),
   * so a flow that leaves Latchkey first, such as an app's authorisation page, fails before it goes.
   */
  checkConnect(ctx: RequestContext, input: Omit<ConnectInput, 'serviceCredential'>): AppManifest;
  connect(ctx: RequestContext, input: ConnectInput): Promise<HubDto>;
  list(ctx: RequestContext): Promise<HubDto[]>;
  get(ctx: RequestContext, id: string): Promise<HubDto>;
  update(ctx: RequestContext, id: string, input: HubSettingsInput): Promise<HubDto>;
  remove(ctx: RequestContext, id: string): Promise<void>;
  requestSync(ctx: RequestContext, id: string, opts?: { applyHalted?: boolean }): Promise<{ jobId: string }>;
  cancelHaltedSync(ctx: RequestContext, id: string): Promise<HubDto>;
  appRoles(ctx: RequestContext, id: string): Promise<z.infer<typeof appRoleSchema>[]>;
  assets(ctx: RequestContext, id: string): Promise<z.infer<typeof assetSchema>[]>;
}

export interface HubsDeps {
  database: Database;
  catalog: Catalog;
  access: HubAccess;
  accounts: Pick<AccountsService, 'createIn' | 'roleOf'>;
  activity: Pick<ActivityService, 'record'>;
  clock: Clock;
}

export function createHubsService(deps: HubsDeps): HubsService {
  const { database, catalog, access, activity, clock } = deps;
  const remedy = (code: string): string => describeFailure(code).remedy;
  const dto = (h: HubRow, role: Parameters<typeof toHubDto>[2]): HubDto => toHubDto(h, catalog.connector(h.appKey).manifest.displayName, role, remedy);

  function checkBusinessId(manifest: AppManifest, businessId: string | undefined): void {
    const f = manifest.businessIdField;
    if (f.required && !businessId) throw new AppError('validation_failed', `Enter the ${f.label}. ${f.hint}`, { errors: [{ pointer: '/businessId', message: 'required' }] });
    if (businessId && f.pattern && !new RegExp(f.pattern).test(businessId)) throw new AppError('validation_failed', `That ${f.label} does not look right. ${f.hint}`, { errors: [{ pointer: '/businessId', message: 'invalid format' }] });
  }

  function checkConnect(ctx: RequestContext, input: Omit<ConnectInput, 'serviceCredential'>): AppManifest {
    if (!canConnectHub(ctx.actor)) throw new AppError('forbidden', 'Login-only members and guests cannot connect business hubs.');
    const { manifest } = catalog.connector(input.appKey);
    checkBusinessId(manifest, input.businessId);
    return manifest;
  }

  return {
    catalog: () => catalog.list(),
    checkConnect,

    async connect(ctx, input) {
      checkConnect(ctx, input);
      const connector = catalog.connector(input.appKey);
      return database.tx(async (tx) => {
        const credentialId = 'accountId' in input.serviceCredential
          ? (await deps.accounts.roleOf(tx, ctx, input.serviceCredential.accountId).then(({ role }) => {
              if (role !== 'owner') throw new AppError('forbidden', 'Pick a service account you own, or add a new one.');
              return input.serviceCredential as { accountId: string };
            })).accountId
          : (await deps.accounts.createIn(tx, ctx, { label: input.serviceCredential.label, appKey: connector.manifest.key, password: input.serviceCredential.token })).id;
        const now = clock.now();
        const hub = await insertHub(tx, {
          id: newId(now.getTime()), workspaceId: ctx.actor.workspaceId, label: input.label, appKey: input.appKey, businessId: input.businessId ?? null, connectFields: input.connectFields ?? {},
          loginMethod: input.loginMethod, requestToSave: input.requestToSave ?? true, serviceCredentialId: credentialId, health: 'under_validation', createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now,
        }).catch((e: unknown) => {
          if ((e as { cause?: { code?: string } }).cause?.code === '23505' || (e as { code?: string }).code === '23505') throw new AppError('conflict', 'That service account is already connected to another hub. Pick another one or add a new one.', { errors: [{ pointer: '/serviceCredential', message: 'credential_in_use' }] });
          throw e;
        });
        // The creator becomes the hub's Owner (and owns the credential, so not a Security Manager).
        await upsertGrant(tx, { id: newId(), workspaceId: hub.workspaceId, objectType: 'hub', objectId: hub.id, subjectType: 'user', subjectId: ctx.actor.memberId, role: 'owner', origin: 'share', hubAccess: { seat: false, appRoleKeys: [], assetGrants: [] }, createdBy: ctx.actor.memberId, createdAt: now, updatedAt: now });
        await replaceAppRoles(tx, hub.workspaceId, hub.id, connector.manifest.roleGroups.flatMap((g) => g.roles.map((r) => ({ id: newId(), key: r.key, label: r.label, group: g.key, model: g.model, rank: r.rank ?? null, isDefault: r.isDefault ?? false, assignable: r.assignable ?? true }))));
        await enqueueJob(tx, { workspaceId: hub.workspaceId, task: 'validate_hub', trigger: 'web_app', actor: { kind: 'member', id: ctx.actor.memberId }, target: { hubId: hub.id }, idempotencyKey: `validate_hub:${hub.id}:${newId()}` }, now);
        await activity.record(tx, byMember(ctx, 'hub.connected', { type: 'hub', id: hub.id, label: hub.label }, { app: input.appKey }));
        return dto(hub, 'owner');
      });
    },

    async list(ctx) {
      const held = await hubRolesOf(database.db, ctx.actor.workspaceId, null, ctx.actor.memberId);
      const rows = await listHubs(database.db, ctx.actor.workspaceId, seesAllHubs(ctx.actor) ? undefined : [...new Set(held.map((h) => h.hubId))]);
      return Promise.all(rows.map(async (h) => dto(h, await access.roleOn(database.db, ctx, h))));
    },

    async get(ctx, id) {
      const { hub, role } = await access.load(database.db, ctx, id);
      return dto(hub, role);
    },

    async update(ctx, id, input) {
      return database.tx(async (tx) => {
        const { hub, role } = await access.require(tx, ctx, id, 'settings', { forUpdate: true });
        const patch: Partial<HubRow> = {};
        for (const k of ['label', 'loginMethod', 'requestToSave', 'syncSafeguardPct', 'dailySync', 'autoReinviteMax', 'assetsOnAcceptance'] as const) if (input[k] !== undefined) (patch as Record<string, unknown>)[k] = input[k];
        let revalidate = false;
        if (input.businessId !== undefined && input.businessId !== hub.businessId) {
          checkBusinessId(catalog.connector(hub.appKey).manifest, input.businessId);
          patch.businessId = input.businessId;
          revalidate = true;
        }
        if (input.serviceCredentialAccountId && input.serviceCredentialAccountId !== hub.serviceCredentialId) {
          const { role: credRole } = await deps.accounts.roleOf(tx, ctx, input.serviceCredentialAccountId);
          if (credRole !== 'owner') throw new AppError('forbidden', 'Pick a service account you own.');
          patch.serviceCredentialId = input.serviceCredentialAccountId;
          revalidate = true;
        }
        const now = clock.now();
        if (revalidate) {
          patch.health = 'under_validation';
          patch.healthReason = null;
          await enqueueJob(tx, { workspaceId: hub.workspaceId, task: 'validate_hub', trigger: 'web_app', actor: { kind: 'member', id: ctx.actor.memberId }, target: { hubId: hub.id }, idempotencyKey: `validate_hub:${hub.id}:${newId()}` }, now);
        }
        const updated = await updateHub(tx, hub.workspaceId, hub.id, { ...patch, updatedAt: now });
        await activity.record(tx, byMember(ctx, 'hub.settings_changed', { type: 'hub', id: hub.id, label: updated.label }, { fields: Object.keys(patch) }));
        return dto(updated, role);
      });
    },

    async remove(ctx, id) {
      await database.tx(async (tx) => {
        const { hub } = await access.require(tx, ctx, id, 'settings', { forUpdate: true });
        // Nothing changes inside the app, and connected accounts stay in their vaults (invariant 33).
        await deleteHub(tx, hub.workspaceId, hub.id);
        await activity.record(tx, byMember(ctx, 'hub.deleted', { type: 'hub', id: hub.id, label: hub.label }));
      });
    },

    async requestSync(ctx, id, opts = {}) {
      return database.tx(async (tx) => {
        const { hub } = await access.require(tx, ctx, id, opts.applyHalted ? 'manage_people' : 'sync', { forUpdate: true });
        if (opts.applyHalted && !hub.haltedSync) throw new AppError('conflict', 'There is no halted sync to apply. Check for updates instead.');
        const active = await findActiveSync(tx, hub.id);
        if (active && !opts.applyHalted) return { jobId: active };
        const now = clock.now();
        const jobId = await enqueueJob(tx, { workspaceId: hub.workspaceId, task: 'sync_hub', trigger: 'web_app', actor: { kind: 'member', id: ctx.actor.memberId }, target: { hubId: hub.id }, payload: { force: Boolean(opts.applyHalted) }, idempotencyKey: `sync_hub:${hub.id}:${newId()}` }, now);
        await activity.record(tx, byMember(ctx, opts.applyHalted ? 'hub.sync_applied_anyway' : 'hub.sync_requested', { type: 'hub', id: hub.id, label: hub.label }, { jobId }));
        return { jobId };
      });
    },

    async cancelHaltedSync(ctx, id) {
      return database.tx(async (tx) => {
        const { hub, role } = await access.require(tx, ctx, id, 'manage_people', { forUpdate: true });
        const updated = await updateHub(tx, hub.workspaceId, hub.id, { haltedSync: null, updatedAt: clock.now() });
        await activity.record(tx, byMember(ctx, 'hub.sync_cancelled', { type: 'hub', id: hub.id, label: hub.label }));
        return dto(updated, role);
      });
    },

    async appRoles(ctx, id) {
      const { hub } = await access.load(database.db, ctx, id);
      return (await listAppRoles(database.db, hub.workspaceId, hub.id)).map(toAppRoleDto);
    },

    async assets(ctx, id) {
      const { hub } = await access.require(database.db, ctx, id, 'view_members');
      return (await listAssets(database.db, hub.workspaceId, hub.id)).map(toAssetDto);
    },
  };
}
