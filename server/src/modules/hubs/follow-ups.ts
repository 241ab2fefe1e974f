import type { AppManifest, AssetGrant } from '../../connectors/types.ts';
import type { HubMemberState } from './states.ts';
import { seatedStates } from './states.ts';

/** A person as the post-sync rules see them. */
export interface FollowUpInput {
  state: HubMemberState;
  externalUserId: string | null;
  desiredSeat: boolean;
  /** Grants still missing in the app (see `pendingAssetGrants`). */
  pendingAssets: AssetGrant[];
  firstCardOpenAt: Date | null;
  profileBound: boolean;
  reinviteCount: number;
}

/**
 * May Latchkey grant a joined person's assets now? Each app's join steps gate it (spec §5.11–§5.13):
 * Meta waits for "Connect your Facebook profile", TikTok for the first card open (or the hub's
 * "Assign assets as soon as the invite is accepted", which lifts either wait); other apps go as soon as the person joined.
 */
export function assetsMayPropagate(joinSteps: AppManifest['joinSteps'], hub: { assetsOnAcceptance: boolean }, p: Pick<FollowUpInput, 'firstCardOpenAt' | 'profileBound'>): boolean {
  if (hub.assetsOnAcceptance) return true;
  if (joinSteps.includes('facebook_profile') && !p.profileBound) return false;
  if (joinSteps.includes('assets_on_first_open') && !p.firstCardOpenAt) return false;
  return true;
}

export type FollowUp = { kind: 'assign_assets' } | { kind: 'reinvite'; attempt: number } | { kind: 'none' };

/** What a sync leaves to do for one person: grant pending assets, or re-send an expired invite (spec §10.7). */
export function followUpFor(p: FollowUpInput, joinSteps: AppManifest['joinSteps'], hub: { assetsOnAcceptance: boolean; autoReinviteMax: number }): FollowUp {
  if (p.state === 'invite_expired' && p.desiredSeat && p.reinviteCount < hub.autoReinviteMax) return { kind: 'reinvite', attempt: p.reinviteCount + 1 };
  if (p.externalUserId && seatedStates.has(p.state) && p.desiredSeat && p.pendingAssets.length > 0 && assetsMayPropagate(joinSteps, hub, p)) return { kind: 'assign_assets' };
  return { kind: 'none' };
}
