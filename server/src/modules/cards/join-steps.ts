import type { AppManifest } from '../../connectors/types.ts';
import type { HubMemberState } from '../hubs/states.ts';

/** A join step an app's manifest may ask for (spec §3.12 `joinSteps`). */
export type JoinStep = AppManifest['joinSteps'][number];

/** Where granting the person's assets stands, from their latest `check_invite` / `assign_assets` job. */
export type AssetSetup = 'idle' | 'running' | 'failed';

/** The tasks that set a person's assets up after they joined (spec §5.11–§5.13). */
export const assetSetupTasks = ['check_invite', 'assign_assets'] as const;

const inFlightJobStatuses = new Set(['queued', 'running', 'retrying']);

export function isJobInFlight(status: string | null | undefined): boolean {
  return status !== null && status !== undefined && inFlightJobStatuses.has(status);
}

/** `running` while the latest check or grant job is queued, running or retrying; `failed` when it ended not completed. */
export function assetSetupOf(latestJobStatus: string | null): AssetSetup {
  if (isJobInFlight(latestJobStatus)) return 'running';
  return latestJobStatus === 'not_completed' ? 'failed' : 'idle';
}

/** The step the person must take before "Connect your account": today only Meta's "Connect your Facebook profile" (spec §5.12). */
export function nextStepOf(joinSteps: readonly JoinStep[], profileBound: boolean): JoinStep | null {
  return joinSteps.includes('facebook_profile') && !profileBound ? 'facebook_profile' : null;
}

/** States in which a check may start: an invite exists or the person is seated, and no lifecycle job is changing them. */
const checkableStates: ReadonlySet<HubMemberState> = new Set(['pending_invite_claim', 'invite_expired', 'invite_failed', 'awaiting_user_login', 'onboarded', 'sso', 'managed_outside', 'update_failed', 'sync_failed']);

export function mayCheck(state: HubMemberState): boolean {
  return checkableStates.has(state);
}

export interface OpenInput {
  joinSteps: readonly JoinStep[];
  state: HubMemberState;
  desiredSeat: boolean;
  pendingAssets: number;
  profileBound: boolean;
  /** A `check_invite` or `assign_assets` job for this person is queued, running or retrying. */
  jobInFlight: boolean;
}

/**
 * Does this click on the card start `check_invite` (which continues with `assign_assets`)? Only for
 * apps whose join steps hold assets back, once the step is done: TikTok on the card click itself
 * (spec §5.13), Meta after the Facebook profile is bound (a later click retries a failed grant).
 * Never while a check or grant is already under way, or while another job changes the person
 * (invariant 16), and never without something to grant.
 */
export function checkOnOpen(p: OpenInput): boolean {
  if (p.jobInFlight || p.pendingAssets === 0 || !p.desiredSeat || !checkableStates.has(p.state)) return false;
  if (p.joinSteps.includes('facebook_profile') && !p.profileBound) return false;
  return p.joinSteps.includes('assets_on_first_open') || p.joinSteps.includes('facebook_profile');
}
