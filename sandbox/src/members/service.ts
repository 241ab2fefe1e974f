import type { Database } from '../../../server/src/db/client.ts';
import type { Clock } from '../../../server/src/lib/clock.ts';
import type { ApiActor } from '../api/actor.ts';
import { cancelPendingForEmail } from '../invites/repo.ts';
import { SandboxError } from '../lib/errors.ts';
import { canChangeRole, canRemove } from '../lib/policy.ts';
import type { BusinessRole } from '../lib/roles.ts';
import * as repo from './repo.ts';

export interface MembersService {
  list(actor: ApiActor, limit: number, cursor: string | undefined): Promise<{ data: repo.MemberRow[]; nextCursor: string | null }>;
  updateRole(actor: ApiActor, userId: string, role: BusinessRole): Promise<repo.MemberRow>;
  /** Removes the member and cancels any pending invite for their email; returns how many invites that cancelled. */
  remove(actor: ApiActor, userId: string): Promise<{ cancelledInvites: number }>;
}

export function createMembersService(deps: { database: Database; clock: Clock }): MembersService {
  const { database, clock } = deps;

  async function mustGet(ex: Parameters<typeof repo.getMember>[0], actor: ApiActor, userId: string): Promise<repo.MemberRow> {
    const m = await repo.getMember(ex, actor.businessId, userId);
    if (!m) throw new SandboxError('not_found', `There is no member ${userId} in this business.`);
    return m;
  }

  return {
    async list(actor, limit, cursor) {
      const page = await repo.listMembers(database.db, actor.businessId, limit, cursor);
      return { data: page.rows, nextCursor: page.nextCursor };
    },
    async updateRole(actor, userId, role) {
      return database.tx(async (tx) => {
        const m = await mustGet(tx, actor, userId);
        if (!canChangeRole(actor.role, m.role, role)) {
          throw new SandboxError('insufficient_permission', `A ${actor.role} token cannot change a ${m.role} to ${role}.`);
        }
        await repo.updateRole(tx, actor.businessId, userId, role);
        return { ...m, role };
      });
    },
    async remove(actor, userId) {
      return database.tx(async (tx) => {
        const m = await mustGet(tx, actor, userId);
        if (!canRemove(actor.role, m.role)) throw new SandboxError('insufficient_permission', `A ${actor.role} token cannot remove a ${m.role}.`);
        await repo.deleteMembership(tx, actor.businessId, userId);
        return { cancelledInvites: await cancelPendingForEmail(tx, actor.businessId, m.email, clock.now()) };
      });
    },
  };
}
