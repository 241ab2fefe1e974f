import { z } from 'zod';
import type { Catalog } from '../../connectors/catalog.ts';
import type { AppManifest } from '../../connectors/types.ts';
import type { Executor } from '../../db/client.ts';
import { hubMemberStates, seatedStates, type HubMemberState } from '../hubs/states.ts';
import { pendingAssetGrants, resolveGrants, type DesiredAssetGrant, type ObservedAssetAccess } from '../hubs/asset-grants.ts';
import { assetSetupOf, nextStepOf } from './join-steps.ts';
import { assetsByIds, latestSetupJobs, spaceNames, type CardRow } from './repo.ts';
import { cardHint, cardStatus } from './status.ts';

const joinStepKinds = ['facebook_profile', 'assets_on_first_open'] as const;

export const cardSchema = z.object({
  hubMemberId: z.uuid(), hubId: z.uuid(), hubLabel: z.string(), appKey: z.string(), appName: z.string(), logo: z.string(), loginUrl: z.string(),
  state: z.enum(hubMemberStates), status: z.enum(['claim_your_invite', 'connect_your_account', 'ready', 'hub_only', 'disabled']), hint: z.string().nullable(),
  connectedAccountId: z.uuid().nullable(), hasDraft: z.boolean(), supportsManagedIdentity: z.boolean(), phoneNeeded: z.boolean(), inviteEmail: z.string(),
  joinSteps: z.array(z.enum(joinStepKinds)).describe('Extra steps from the app\'s manifest, hosted by the connect dialog by name'),
  nextStep: z.enum(joinStepKinds).nullable().describe('The step to take before connecting an account, e.g. facebook_profile until a profile is bound'),
  profileMethod: z.enum(['facebook_login', 'pick_invitation']).nullable().describe('How facebook_profile runs here: Facebook Login, or (without it configured) picking the pending invitation by e-mail'),
  profileName: z.string().nullable().describe('The app profile a join step bound (a Facebook profile\'s name, or the picked invitation\'s e-mail)'),
  joined: z.boolean().describe('The app lists the person as a member'),
  assetsTotal: z.number().int().describe('Asset grants chosen for the person that the app still lists'),
  assetsPending: z.number().int().describe('Of those, how many the app does not show yet'),
  assetSetup: z.enum(['idle', 'running', 'failed']).describe('The latest check_invite / assign_assets job for the person, including a hub check their click joined'),
  businessName: z.string().describe('The space\'s name in the app (from its last validation), else the hub label'),
});
export type CardDto = z.infer<typeof cardSchema>;

export const connectableAccountSchema = z.object({
  id: z.uuid(), label: z.string(), username: z.string().nullable(), email: z.string().nullable(), vaultName: z.string(),
  available: z.boolean(), reason: z.string().nullable().describe('Why the account cannot be connected (already linked to a hub, or shared with others)'),
});
export type ConnectableAccountDto = z.infer<typeof connectableAccountSchema>;

/** How long a finished check or grant job keeps saying something about the setup (see `latestSetupJobs`). */
const setupJobWindowMs = 30 * 24 * 3600 * 1000;

/**
 * Cards for hub-member rows, with what the join steps need: pending asset grants (resolved to the
 * app's ids and compared with what the app showed), the latest setup job, and the space's name.
 * Hidden cards (removed, exempted, unmatched) are left out.
 */
export async function presentCards(ex: Executor, rows: CardRow[], opts: { catalog: Catalog; facebookLogin: boolean; now: Date }): Promise<CardDto[]> {
  if (rows.length === 0) return [];
  const workspaceId = rows[0]!.hm.workspaceId;
  const grantsOf = (r: CardRow): DesiredAssetGrant[] => ((r.hm.desired as { assetGrants?: DesiredAssetGrant[] }).assetGrants ?? []);
  const assets = await assetsByIds(ex, workspaceId, [...new Set(rows.flatMap((r) => grantsOf(r).map((g) => g.assetId)))]);
  const since = new Date(Math.max(Math.min(...rows.map((r) => r.hm.createdAt.getTime())), opts.now.getTime() - setupJobWindowMs));
  const jobs = await latestSetupJobs(ex, workspaceId, rows.map((r) => ({ hubMemberId: r.hm.id, lastJobId: r.hm.lastJobId })), since);
  // Names only matter to the dialog's step messages, so only cards with join steps that still ask to connect look them up.
  const named = rows.filter((r) => manifestOf(opts, r).joinSteps.length > 0 && r.hm.connectedAccountId === null).map((r) => r.hub.id);
  const names = await spaceNames(ex, workspaceId, [...new Set(named)]);
  return rows.flatMap((r) => {
    const state = r.hm.state as HubMemberState;
    const status = cardStatus({ state, loginMethod: r.hub.loginMethod as 'sso', requestToSave: r.hub.requestToSave, connected: r.hm.connectedAccountId !== null, connectedDisabled: r.accountStatus === 'disabled' });
    if (!status) return [];
    const m = manifestOf(opts, r);
    const wanted = resolveGrants(grantsOf(r), assets);
    const observed = ((r.hm.observed as { assets?: ObservedAssetAccess[] }).assets ?? []);
    const hasProfileStep = m.joinSteps.includes('facebook_profile');
    return [{
      hubMemberId: r.hm.id, hubId: r.hub.id, hubLabel: r.hub.label, appKey: r.hub.appKey, appName: m.displayName, logo: m.logo, loginUrl: m.loginUrl, state, status,
      hint: status === 'connect_your_account' ? cardHint(state, m.displayName, Number((r.hm.invite as { reinviteCount?: number } | null)?.reinviteCount ?? 0) > 0) : null, connectedAccountId: r.hm.connectedAccountId, hasDraft: r.hm.draftAccountId !== null,
      supportsManagedIdentity: m.supportsManagedIdentity, phoneNeeded: m.managedPhone.needed, inviteEmail: r.hm.externalEmail,
      joinSteps: m.joinSteps, nextStep: nextStepOf(m.joinSteps, r.hm.appProfile !== null),
      profileMethod: hasProfileStep ? (opts.facebookLogin ? 'facebook_login' : 'pick_invitation') : null,
      profileName: r.hm.appProfile?.name ?? null,
      joined: seatedStates.has(state) && state !== 'hub_only',
      assetsTotal: wanted.length, assetsPending: pendingAssetGrants(wanted, observed).length, assetSetup: assetSetupOf(jobs.get(r.hm.id)?.status ?? null),
      businessName: names.get(r.hub.id) ?? r.hub.label,
    }];
  });
}

function manifestOf(opts: { catalog: Catalog }, r: CardRow): AppManifest {
  return opts.catalog.connector(r.hub.appKey).manifest;
}
