import type { Database, Tx } from '../../../server/src/db/client.ts';
import type { Clock } from '../../../server/src/lib/clock.ts';
import { newId } from '../../../server/src/lib/ids.ts';
import type { Random } from '../../../server/src/lib/random.ts';
import type { ApiActor } from '../api/actor.ts';
import { getAsset } from '../businesses/assets-repo.ts';
import { getBusiness, seatsUsed, type BusinessRow } from '../businesses/repo.ts';
import { SandboxError } from '../lib/errors.ts';
import { canInvite } from '../lib/policy.ts';
import { assetPermissions, type BusinessRole } from '../lib/roles.ts';
import { hashToken, newOpaqueToken } from '../lib/secrets.ts';
import type { Mailer } from '../mail/mailer.ts';
import { inviteMail } from '../mail/templates.ts';
import { findMemberByEmail } from '../members/repo.ts';
import * as repo from './repo.ts';
import { inviteStatus, type InviteStatus } from './status.ts';

export interface InviteView extends Omit<repo.InviteRow, 'status' | 'businessId' | 'updatedAt'> {
  status: InviteStatus;
}

export type InviteOutcome = 'INVITED' | 'REINVITED' | 'ALREADY_MEMBER' | 'ALREADY_INVITED';

export interface InviteResult {
  email: string;
  outcome: InviteOutcome;
  invite: InviteView | null;
  memberId: string | null;
}

export interface Recipient {
  email: string;
  role: BusinessRole;
  assetGrants?: repo.AssetGrant[];
}

export interface InvitesService {
  /** Up to 50 recipients; people already in or already invited are reported, never invited twice. */
  inviteBatch(actor: ApiActor, recipients: Recipient[]): Promise<InviteResult[]>;
  list(actor: ApiActor, filter: repo.InviteFilter, limit: number, cursor: string | undefined): Promise<{ data: InviteView[]; nextCursor: string | null }>;
  resend(actor: ApiActor, inviteId: string): Promise<InviteView>;
  cancel(actor: ApiActor, inviteId: string): Promise<InviteView>;
  /** For the signup page: the invite behind a link, or null for an unknown link. */
  inspect(token: string): Promise<{ invite: InviteView; business: BusinessRow } | null>;
}

export function toInviteView(row: repo.InviteRow, now: Date): InviteView {
  const { businessId: _b, updatedAt: _u, ...rest } = row;
  return { ...rest, status: inviteStatus(row, now) };
}

interface Outgoing {
  email: string;
  role: BusinessRole;
  token: string;
  expiresAt: Date;
}

export function createInvitesService(deps: { database: Database; clock: Clock; random: Random; mailer: Mailer; publicUrl: string }): InvitesService {
  const { database, clock, mailer } = deps;

  function signupLink(token: string): string {
    return `${deps.publicUrl}/signup?token=${encodeURIComponent(token)}`;
  }

  /** Mail goes out after commit: a rolled-back batch must not have emailed anyone. */
  async function mailAll(business: BusinessRow, outgoing: Outgoing[]): Promise<void> {
    for (const o of outgoing) {
      await mailer.send(inviteMail({ to: o.email, businessName: business.name, role: o.role, link: signupLink(o.token), expiresAt: o.expiresAt }));
    }
  }

  async function lockBusiness(tx: Tx, actor: ApiActor): Promise<BusinessRow> {
    const b = await getBusiness(tx, actor.businessId, true);
    if (!b) throw new SandboxError('invalid_business_id', `There is no business with id ${actor.businessId}.`);
    return b;
  }

  async function requireSeats(tx: Tx, business: BusinessRow, needed: number): Promise<void> {
    if (business.seatLimit === null || needed === 0) return;
    const used = await seatsUsed(tx, business.id, clock.now());
    if (used + needed > business.seatLimit) {
      throw new SandboxError('seat_limit_reached', `This business has ${Math.max(0, business.seatLimit - used)} free seat(s) of ${business.seatLimit}; ${needed} needed. Nobody was invited.`, {
        seatLimit: business.seatLimit,
        seatsUsed: used,
        seatsRequested: needed,
      });
    }
  }

  async function checkGrants(tx: Tx, businessId: string, grants: repo.AssetGrant[], where: string): Promise<void> {
    for (const g of grants) {
      const asset = await getAsset(tx, businessId, g.assetId);
      if (!asset) throw new SandboxError('validation_failed', `${where}: asset ${g.assetId} does not exist in this business.`);
      const allowed: readonly string[] = assetPermissions[asset.kind];
      const bad = g.permissions.find((p) => !allowed.includes(p));
      if (bad) throw new SandboxError('validation_failed', `${where}: ${bad} is not a permission of a ${asset.kind} (use ${allowed.join(', ')}).`);
    }
  }

  async function openInvite(tx: Tx, actor: ApiActor, inviteId: string): Promise<repo.InviteRow> {
    const invite = await repo.getInvite(tx, actor.businessId, inviteId);
    if (!invite) throw new SandboxError('not_found', `There is no invite ${inviteId} in this business.`);
    if (!canInvite(actor.role, invite.role)) throw new SandboxError('insufficient_permission', `A ${actor.role} token cannot manage an invite for the ${invite.role} role.`);
    if (invite.status !== 'PENDING') throw new SandboxError('invite_not_open', `This invite was already ${invite.status.toLowerCase()}.`);
    return invite;
  }

  function fresh(business: BusinessRow): { token: string; tokenHash: Buffer; expiresAt: Date } {
    const token = newOpaqueToken(deps.random);
    return { token, tokenHash: hashToken(token), expiresAt: new Date(clock.now().getTime() + business.inviteTtlHours * 3_600_000) };
  }

  return {
    async inviteBatch(actor, recipients) {
      const { business, results, outgoing } = await database.tx(async (tx) => {
        const business = await lockBusiness(tx, actor);
        const now = clock.now();
        const denied = recipients.find((r) => !canInvite(actor.role, r.role));
        if (denied) throw new SandboxError('insufficient_permission', `A ${actor.role} token cannot invite ${denied.email} as ${denied.role}.`);
        for (const [i, r] of recipients.entries()) await checkGrants(tx, business.id, r.assetGrants ?? [], `/invites/${i}/assetGrants`);

        // Classify first, so the seat check sees the whole batch before anything is written.
        type Plan = { r: Recipient; email: string; outcome: InviteOutcome; existing: repo.InviteRow | null; memberId: string | null };
        const plans: Plan[] = [];
        const seen = new Map<string, Plan>();
        for (const r of recipients) {
          const email = r.email.trim().toLowerCase();
          const earlier = seen.get(email);
          if (earlier) {
            plans.push({ ...earlier, r, outcome: earlier.outcome === 'ALREADY_MEMBER' ? 'ALREADY_MEMBER' : 'ALREADY_INVITED' });
            continue;
          }
          const member = await findMemberByEmail(tx, business.id, email);
          const pending = member ? null : await repo.findPendingByEmail(tx, business.id, email);
          const outcome: InviteOutcome = member ? 'ALREADY_MEMBER' : !pending ? 'INVITED' : inviteStatus(pending, now) === 'EXPIRED' ? 'REINVITED' : 'ALREADY_INVITED';
          const plan = { r, email, outcome, existing: pending, memberId: member?.userId ?? null };
          seen.set(email, plan);
          plans.push(plan);
        }
        const firstOfEach = [...seen.values()];
        await requireSeats(tx, business, firstOfEach.filter((p) => p.outcome === 'INVITED' || p.outcome === 'REINVITED').length);

        const outgoing: Outgoing[] = [];
        const inviteIds = new Map<string, string>();
        for (const p of firstOfEach) {
          if (p.outcome !== 'INVITED' && p.outcome !== 'REINVITED') continue;
          const f = fresh(business);
          const grants = p.r.assetGrants ?? [];
          if (p.existing) {
            await repo.renewInvite(tx, p.existing.id, { tokenHash: f.tokenHash, expiresAt: f.expiresAt, now, role: p.r.role, assetGrants: grants });
            inviteIds.set(p.email, p.existing.id);
          } else {
            const id = newId();
            await repo.insertInvite(tx, { id, businessId: business.id, email: p.email, role: p.r.role, assetGrants: grants, status: 'PENDING', tokenHash: f.tokenHash, expiresAt: f.expiresAt, createdAt: now });
            inviteIds.set(p.email, id);
          }
          outgoing.push({ email: p.email, role: p.r.role, token: f.token, expiresAt: f.expiresAt });
        }
        const results: InviteResult[] = [];
        for (const p of plans) {
          const id = inviteIds.get(p.email) ?? p.existing?.id;
          const row = id ? await repo.getInvite(tx, business.id, id) : null;
          results.push({ email: p.email, outcome: p.outcome, invite: row ? toInviteView(row, now) : null, memberId: p.memberId });
        }
        return { business, results, outgoing };
      });
      await mailAll(business, outgoing);
      return results;
    },

    async list(actor, filter, limit, cursor) {
      const now = clock.now();
      const page = await repo.listInvites(database.db, actor.businessId, filter, now, limit, cursor);
      return { data: page.rows.map((r) => toInviteView(r, now)), nextCursor: page.nextCursor };
    },

    async resend(actor, inviteId) {
      const { business, view, out } = await database.tx(async (tx) => {
        const business = await lockBusiness(tx, actor);
        const invite = await openInvite(tx, actor, inviteId);
        const now = clock.now();
        // An expired invite no longer holds a seat, so renewing it must find one.
        if (inviteStatus(invite, now) === 'EXPIRED') await requireSeats(tx, business, 1);
        const f = fresh(business);
        await repo.renewInvite(tx, invite.id, { tokenHash: f.tokenHash, expiresAt: f.expiresAt, now });
        const row = await repo.getInvite(tx, business.id, invite.id);
        return { business, view: toInviteView(row ?? invite, now), out: { email: invite.email, role: invite.role, token: f.token, expiresAt: f.expiresAt } };
      });
      await mailAll(business, [out]);
      return view;
    },

    async cancel(actor, inviteId) {
      return database.tx(async (tx) => {
        const invite = await openInvite(tx, actor, inviteId);
        const now = clock.now();
        await repo.setInviteStatus(tx, invite.id, 'CANCELLED', now);
        return toInviteView({ ...invite, status: 'CANCELLED' }, now);
      });
    },

    async inspect(token) {
      const row = await repo.findInviteByTokenHash(database.db, hashToken(token));
      if (!row) return null;
      const business = await getBusiness(database.db, row.businessId);
      return business ? { invite: toInviteView(row, clock.now()), business } : null;
    },
  };
}
