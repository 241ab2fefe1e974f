import type { Database, Executor } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import { toVaultDto, type vaultSchema } from './dto.ts';
import { canManageVaults } from './policy.ts';
import { findDefaultVault, findVault, insertVault, listVaults, type VaultRow } from './repo.ts';
import type { z } from 'zod';

type VaultDto = z.infer<typeof vaultSchema>;

export interface VaultsService {
  list(ctx: RequestContext): Promise<VaultDto[]>;
  create(ctx: RequestContext, name: string): Promise<VaultDto>;
  /** Every workspace has a default vault; created with the workspace, or on first use for older ones. */
  ensureDefault(tx: Executor, workspaceId: string): Promise<VaultRow>;
  /** The vault a new or moved account goes to; refuses a disabled vault. */
  resolveForWrite(tx: Executor, ctx: RequestContext, vaultId: string | undefined): Promise<VaultRow>;
}

export function createVaultsService(deps: { database: Database; activity: Pick<ActivityService, 'record'>; clock: Clock }): VaultsService {
  const { database, clock } = deps;

  async function ensureDefault(tx: Executor, workspaceId: string): Promise<VaultRow> {
    const existing = await findDefaultVault(tx, workspaceId);
    if (existing) return existing;
    const now = clock.now();
    await insertVault(tx, { id: newId(now.getTime()), workspaceId, name: 'Default', isDefault: true, createdAt: now, updatedAt: now });
    return (await findDefaultVault(tx, workspaceId))!;
  }

  return {
    ensureDefault,
    async list(ctx) {
      await database.tx((tx) => ensureDefault(tx, ctx.actor.workspaceId));
      return (await listVaults(database.db, ctx.actor.workspaceId)).map(toVaultDto);
    },
    async create(ctx, name) {
      if (!canManageVaults(ctx.actor)) throw new AppError('forbidden', 'Only workspace owners and admins can create vaults.');
      return database.tx(async (tx) => {
        await ensureDefault(tx, ctx.actor.workspaceId);
        if ((await listVaults(tx, ctx.actor.workspaceId)).some((v) => v.name.toLowerCase() === name.toLowerCase())) {
          throw new AppError('conflict', `A vault named "${name}" already exists.`, { errors: [{ pointer: '/name', message: 'already taken' }] });
        }
        const now = clock.now();
        const id = newId(now.getTime());
        await insertVault(tx, { id, workspaceId: ctx.actor.workspaceId, name, createdAt: now, updatedAt: now });
        await deps.activity.record(tx, byMember(ctx, 'vault.created', { type: 'vault', id, label: name }));
        return toVaultDto((await findVault(tx, ctx.actor.workspaceId, id))!);
      });
    },
    async resolveForWrite(tx, ctx, vaultId) {
      const vault = vaultId ? await findVault(tx, ctx.actor.workspaceId, vaultId) : await ensureDefault(tx, ctx.actor.workspaceId);
      if (!vault) throw new AppError('not_found', 'No such vault in this workspace.', { errors: [{ pointer: '/vaultId', message: 'unknown vault' }] });
      if (vault.disabled) throw new AppError('conflict', `The vault "${vault.name}" is disabled: it takes no new accounts. Choose another vault.`);
      return vault;
    },
  };
}
