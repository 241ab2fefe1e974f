import type { ObservedAsset, ObservedInvite, ObservedMember, Snapshot } from '../../connectors/types.ts';
import { normalizeEmail } from '../../lib/actor.ts';
import { inFlightStates, seatedStates, settledState, type HubMemberState, type SettleInput } from './states.ts';

export interface CurrentHubMember {
  id: string;
  memberId: string | null;
  externalEmailNormalized: string;
  state: HubMemberState;
  connected: boolean;
  desiredSeat: boolean;
  /** The invite's expiry as Latchkey tracks it, for apps whose invites show none (TikTok; spec §10.7). */
  inviteExpiresAt?: string | null;
}

export interface WorkspacePerson {
  id: string;
  emailNormalized: string;
  isGuest: boolean;
}

export interface Observation {
  membership: 'member' | 'invited' | 'none';
  externalUserId: string | null;
  email: string;
  username: string | null;
  roles: string[];
  assets: ObservedMember['assets'];
  isAppGuest: boolean;
  invite: { externalInviteId: string; status: ObservedInvite['status']; expiresAt: string | null; inviteUrl: string | null } | null;
}

export type Change =
  | { kind: 'create'; emailNormalized: string; memberId: string | null; state: HubMemberState; observed: Observation; matched: boolean }
  | { kind: 'update'; hubMemberId: string; from: HubMemberState; state: HubMemberState; observed: Observation }
  | { kind: 'remove'; hubMemberId: string; from: HubMemberState; memberId: string | null };

export interface ReconcileResult {
  changes: Change[];
  assets: { seen: ObservedAsset[]; removedExternalIds: string[] };
  /** Set when the safeguard halts the sync (nothing is applied). */
  halt: { removals: number; population: number; pct: number } | null;
}

export interface ReconcileInput {
  snapshot: Snapshot;
  current: CurrentHubMember[];
  people: WorkspacePerson[];
  currentAssetIds: string[];
  hub: Pick<SettleInput, 'loginMethod' | 'requestToSave'>;
  safeguardPct: number;
  /** "Apply anyway" after a halt. */
  force?: boolean;
  /** For invite expiry; without it an invite only expires when the app says so. */
  now?: Date;
}

function observe(member: ObservedMember | undefined, invite: ObservedInvite | undefined): Observation {
  return {
    membership: member ? 'member' : invite && invite.status === 'pending' ? 'invited' : 'none',
    externalUserId: member?.externalUserId ?? null,
    email: member?.email ?? invite?.email ?? '',
    username: member?.username ?? null,
    roles: member?.roles ?? invite?.roles ?? [],
    assets: member?.assets ?? [],
    isAppGuest: member?.isAppGuest ?? false,
    invite: invite ? { externalInviteId: invite.externalInviteId, status: invite.status, expiresAt: invite.expiresAt, inviteUrl: invite.inviteUrl } : null,
  };
}

/** The state a known person moves to given what the app shows now (spec §4.3, T11/T12/T32/T34). */
function nextState(cur: CurrentHubMember, obs: Observation, hub: ReconcileInput['hub'], now: Date | undefined): HubMemberState {
  if (cur.state === 'exempted' || cur.state === 'unmatched') return cur.state;
  if (obs.membership === 'member') {
    // A job that is changing the person keeps its state until it reports back.
    if (cur.state === 'awaiting_update' || cur.state === 'awaiting_deprovisioning') return cur.state;
    return settledState({ desiredSeat: cur.desiredSeat, connected: cur.connected, ...hub });
  }
  if (obs.membership === 'invited') {
    // Still listed as pending past its expiry: lapsed, whatever the app's status says (TikTok keeps PENDING).
    const expiresAt = obs.invite?.expiresAt ?? cur.inviteExpiresAt ?? null;
    const lapsed = now !== undefined && expiresAt !== null && Date.parse(expiresAt) <= now.getTime();
    if (lapsed && (cur.state === 'pending_invite_claim' || cur.state === 'invite_expired')) return 'invite_expired';
    if (lapsed && cur.state === 'inviting') return cur.state;
    return cur.state === 'inviting' || cur.state === 'invite_expired' ? 'pending_invite_claim' : cur.state;
  }
  // `inviting` is left alone: a job is sending the next invite, and the app may still list the lapsed one.
  if (obs.invite?.status === 'expired' && cur.state === 'pending_invite_claim') return 'invite_expired';
  return cur.state;
}

/**
 * Compares one snapshot of the app with what Latchkey knows and says what changes: new and
 * matched people, settled invites, people gone from the app. Pure, so it is tested without a
 * database and benchmarked at 100,000 people.
 */
export function reconcile(input: ReconcileInput): ReconcileResult {
  const byEmail = new Map<string, { member?: ObservedMember; invite?: ObservedInvite }>();
  for (const m of input.snapshot.members) byEmail.set(normalizeEmail(m.email), { member: m });
  for (const i of input.snapshot.invites) {
    const key = normalizeEmail(i.email);
    const entry = byEmail.get(key) ?? {};
    // The newest pending invite wins; an accepted one is already represented by the member.
    if (!entry.invite || i.status === 'pending') entry.invite = i;
    byEmail.set(key, entry);
  }
  const current = new Map(input.current.map((c) => [c.externalEmailNormalized, c]));
  const people = new Map(input.people.map((p) => [p.emailNormalized, p]));
  const changes: Change[] = [];

  for (const [email, seen] of byEmail) {
    const obs = observe(seen.member, seen.invite);
    if (obs.membership === 'none' && !current.has(email)) continue;
    const cur = current.get(email);
    if (!cur) {
      const person = people.get(email);
      const state: HubMemberState = !person ? 'unmatched' : obs.membership === 'member' ? settledState({ desiredSeat: true, connected: false, ...input.hub }) : 'pending_invite_claim';
      changes.push({ kind: 'create', emailNormalized: email, memberId: person?.id ?? null, state, observed: obs, matched: Boolean(person) });
      continue;
    }
    changes.push({ kind: 'update', hubMemberId: cur.id, from: cur.state, state: nextState(cur, obs, input.hub, input.now), observed: obs });
  }

  let removals = 0;
  for (const cur of input.current) {
    if (byEmail.has(cur.externalEmailNormalized) && byEmail.get(cur.externalEmailNormalized)!.member) continue;
    const stillInvited = byEmail.get(cur.externalEmailNormalized)?.invite?.status === 'pending';
    const present = seatedStates.has(cur.state) || cur.state === 'unmatched' || cur.state === 'exempted';
    if (!present || stillInvited || inFlightStates.has(cur.state)) continue;
    changes.push({ kind: 'remove', hubMemberId: cur.id, from: cur.state, memberId: cur.memberId });
    removals++;
  }

  const seenAssetIds = new Set(input.snapshot.assets.map((a) => `${a.type}:${a.externalId}`));
  const removedAssets = input.currentAssetIds.filter((id) => !seenAssetIds.has(id));
  const population = input.current.filter((c) => seatedStates.has(c.state) || c.state === 'unmatched' || c.state === 'exempted').length;
  const assetShare = input.currentAssetIds.length ? removedAssets.length / input.currentAssetIds.length : 0;
  const peopleShare = population ? removals / population : 0;
  const halt = !input.force && (peopleShare * 100 > input.safeguardPct || assetShare * 100 > input.safeguardPct)
    ? { removals: removals + removedAssets.length, population: population + input.currentAssetIds.length, pct: input.safeguardPct }
    : null;
  return { changes, assets: { seen: input.snapshot.assets, removedExternalIds: removedAssets }, halt };
}
