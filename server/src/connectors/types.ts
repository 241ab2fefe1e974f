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
  /**
   * The connector obtained a new credential secret (e.g. a refreshed OAuth access token, serialised
   * the way the vault stores it). The engine writes it to the vault, audited, so the next process
   * starts from it. Absent outside jobs; connectors must work without it.
   */
  onCredentialRefreshed?: (secret: string) => Promise<void>;
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

/** Access to one asset: `full`, or `partial` with the chosen permissions (manifest `assetTypes[].permissions`). */
export interface AssetGrant {
  externalId: string;
  type: string;
  access: 'full' | 'partial';
  permissions: string[];
}

export interface InviteRequest {
  email: string;
  roles: string[];
  assets: AssetGrant[];
  /**
   * The app's id of a lapsed invite this one replaces (Resend invite, automatic re-invite): it is
   * cancelled first where the app needs that (reference §4.2). Only that invite: any other invite
   * the app lists for the address is adopted, so a retried resend never sends twice (§10.8).
   */
  replaces?: string | null;
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
  /**
   * Grants a joined member access to these assets (spec §5.11–§5.13: after acceptance on Pinterest,
   * after "Connect your Facebook profile" on Meta, on the first card open on TikTok). Idempotent:
   * granting what is already granted succeeds; an asset granted with other permissions is changed.
   */
  assignAssets(ctx: ConnectorContext, externalUserId: string, assets: AssetGrant[]): Promise<void>;
  /** Revokes a member's access to these assets; an asset the member cannot access already is success. */
  unassignAssets(ctx: ConnectorContext, externalUserId: string, assets: { externalId: string; type: string }[]): Promise<void>;
}
