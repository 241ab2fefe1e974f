import type { z } from 'zod';
import type { JobError } from '../jobs/types.ts';
import type { appManifestSchema, roleGroupSchema } from './manifest-schema.ts';

export type AppManifest = z.infer<typeof appManifestSchema>;
export type RoleGroup = z.infer<typeof roleGroupSchema>;

/** Everything a connector call needs: where the space is and how to get in. Secrets stay in memory only. */
export interface ConnectorContext {
  businessId: string;
  connectFields: Record<string, string>;
  /** The service credential's secret (an API token, or a password for account-based apps). */
  credential: { token?: string; username?: string; password?: string };
  signal: AbortSignal;
}

export interface ObservedMember {
  externalUserId: string;
  email: string;
  username: string | null;
  roles: string[];
  assets: { externalId: string; type: string; access: 'full' | 'partial'; permissions: string[] }[];
  isAppGuest: boolean;
}

export interface ObservedInvite {
  externalInviteId: string;
  email: string;
  roles: string[];
  status: 'pending' | 'accepted' | 'expired' | 'cancelled';
  expiresAt: string | null;
  inviteUrl: string | null;
}

export interface ObservedAsset {
  externalId: string;
  type: string;
  name: string;
}

/** One read of the space: the input of a sync. */
export interface Snapshot {
  members: ObservedMember[];
  invites: ObservedInvite[];
  assets: ObservedAsset[];
  roles: RoleGroup[];
}

export interface InviteRequest {
  email: string;
  roles: string[];
  assets: { externalId: string; type: string; access: 'full' | 'partial'; permissions: string[] }[];
}

export interface InviteOutcome {
  email: string;
  outcome: 'invited' | 'already_invited' | 'already_member' | 'failed';
  externalInviteId: string | null;
  expiresAt: string | null;
  error?: JobError;
}

/**
 * One third-party app. Connector errors are `JobError`s with the spec's failure codes
 * (NotEnoughSeats, BadCredentials, InvalidBusinessId, UnderpermissionedAccount, RateLimited, …),
 * transient ones marked so the engine retries them.
 */
export interface Connector {
  manifest: AppManifest;
  validate(ctx: ConnectorContext): Promise<{ spaceName: string }>;
  snapshot(ctx: ConnectorContext): Promise<Snapshot>;
  invite(ctx: ConnectorContext, people: InviteRequest[]): Promise<InviteOutcome[]>;
  updateRoles(ctx: ConnectorContext, externalUserId: string, roles: string[]): Promise<void>;
  /** Removes a member, or cancels the pending invite for this email. */
  remove(ctx: ConnectorContext, who: { externalUserId: string | null; email: string }): Promise<void>;
}
