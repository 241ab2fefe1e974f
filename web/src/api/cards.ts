import { useMutation, useQuery, useQueryClient, type QueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** Spec §4.2: derived on the server from the hub member's state, the connected account and the hub's login settings. */
export type CardStatus = 'claim_your_invite' | 'connect_your_account' | 'ready' | 'hub_only' | 'disabled' | (string & {});

/** A hub seat on "All accounts" (`GET /me/cards`). */
export interface HubCard {
  hubMemberId: string;
  hubId: string;
  hubLabel: string;
  appKey: string;
  appName: string;
  /** Inline SVG markup from the app's manifest. */
  logo: string;
  loginUrl: string;
  /** The hub member state (spec §4.3), e.g. `pending_invite_claim`, `invite_failed`, `onboarded`, `sso`. */
  state: string;
  status: CardStatus;
  hint: string | null;
  connectedAccountId: string | null;
  /** A managed identity was generated and kept: the dialog resumes at "Create <app name> account". */
  hasDraft: boolean;
  supportsManagedIdentity: boolean;
  phoneNeeded: boolean;
  /** Extra steps the app's manifest asks for (e.g. `facebook_profile`); the dialog hosts them by name. */
  joinSteps: string[];
  /** The step to take before connecting an account (e.g. `facebook_profile` until a profile is bound). */
  nextStep: string | null;
  /** How `facebook_profile` runs on this Latchkey: Facebook Login, or picking the pending invitation by e-mail. */
  profileMethod: 'facebook_login' | 'pick_invitation' | null;
  /** The profile a join step bound (a Facebook profile's name, or the picked invitation's e-mail). */
  profileName: string | null;
  /** The app lists the person as a member. */
  joined: boolean;
  /** Asset grants chosen for the person, and how many of them the app does not show yet. */
  assetsTotal: number;
  assetsPending: number;
  /** The latest check / grant job for the person's assets. */
  assetSetup: 'idle' | 'running' | 'failed';
  /** The space's name in the app (e.g. the Meta business portfolio), else the hub label. */
  businessName: string;
  /** The address the app's invite went to. */
  inviteEmail: string;
}

/** A saved account of the card's app the person owns (`GET /me/cards/:id/connectable-accounts`). */
export interface ConnectableAccount {
  id: string;
  label: string;
  username: string | null;
  email: string | null;
  vaultName: string;
  /** False when it is already connected to a hub or shared with others; `reason` says which. */
  available: boolean;
  reason: string | null;
}

/** The generated identity, created once and resumed on every later call (spec §5.9). */
export interface ManagedIdentity {
  draftId: string;
  label: string;
  email: string;
  password: string;
  /** E.164; null when the app needs no phone. */
  phone: string | null;
  appName: string;
  loginUrl: string;
  /** The app's own link to the invitation, when it reports one (Meta). */
  inviteUrl: string | null;
  passwordRules: string;
}

export type ConnectInput =
  | { draftId: string; label: string; vaultId?: string }
  | { accountId: string }
  | { label: string; email: string; password: string; username?: string; vaultId?: string };

const cardsPath = (hubMemberId: string): string => `/me/cards/${encodeURIComponent(hubMemberId)}`;

export function useHubCards(): UseQueryResult<HubCard[], Error> {
  return useQuery({
    queryKey: queryKeys.cards,
    queryFn: async ({ signal }) => (await apiRequest<{ data: HubCard[] }>('GET', '/me/cards', { signal })).data,
    // Invites move on in the background (sent, accepted, expired): keep the hints current.
    refetchInterval: 30_000,
  });
}

const oneCardKey = (hubMemberId: string) => [...queryKeys.cards, 'one', hubMemberId] as const;

/** Changes one card wherever it is cached: the dashboard's list and an open dialog's copy. */
function patchCard(queryClient: QueryClient, hubMemberId: string, change: (card: HubCard) => HubCard): void {
  queryClient.setQueryData<HubCard[]>(queryKeys.cards, (cards) => cards?.map((c) => (c.hubMemberId === hubMemberId ? change(c) : c)));
  queryClient.setQueryData<HubCard>(oneCardKey(hubMemberId), (card) => (card ? change(card) : card));
}

function storeCard(queryClient: QueryClient, card: HubCard): void {
  patchCard(queryClient, card.hubMemberId, () => card);
}

/**
 * One card, kept fresh while `poll` holds (e.g. while its assets are being set up), starting from
 * the copy on the dashboard. Each answer also updates the dashboard's list.
 */
export function useHubCard(initial: HubCard, poll: (card: HubCard) => boolean): HubCard {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: oneCardKey(initial.hubMemberId),
    queryFn: async ({ signal }) => {
      const card = await apiRequest<HubCard>('GET', cardsPath(initial.hubMemberId), { signal });
      queryClient.setQueryData<HubCard[]>(queryKeys.cards, (cards) => cards?.map((c) => (c.hubMemberId === card.hubMemberId ? card : c)));
      return card;
    },
    // The dialog's copy lives while the dialog is open; reopening starts again from the dashboard's list.
    gcTime: 0,
    initialData: () => queryClient.getQueryData<HubCard[]>(queryKeys.cards)?.find((c) => c.hubMemberId === initial.hubMemberId) ?? initial,
    initialDataUpdatedAt: () => queryClient.getQueryState(queryKeys.cards)?.dataUpdatedAt,
    refetchInterval: (q) => (q.state.data && poll(q.state.data) ? 2_000 : false),
  });
  return query.data;
}

/**
 * The card was clicked (spec §5.13): the server records the first open and, where the app's join
 * steps wait for it, starts setting up the person's assets. The answer refreshes the card.
 */
export async function openCard(queryClient: QueryClient, hubMemberId: string): Promise<HubCard> {
  const card = await apiRequest<HubCard>('POST', `${cardsPath(hubMemberId)}/open`);
  storeCard(queryClient, card);
  return card;
}

/** "Continue with Facebook": the Facebook Login address to send the browser to. */
export async function startFacebookProfile(hubMemberId: string): Promise<string> {
  return (await apiRequest<{ authorizeUrl: string }>('POST', `${cardsPath(hubMemberId)}/facebook/start`)).authorizeUrl;
}

/** Without Facebook Login: the person picks their pending invitation by e-mail. */
export function usePickInvitation(hubMemberId: string): UseMutationResult<HubCard, Error, string> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => apiRequest<HubCard>('POST', `${cardsPath(hubMemberId)}/facebook/invitation`, { body: { email } }),
    onSuccess: (card) => storeCard(queryClient, card),
  });
}

export function useConnectableAccounts(hubMemberId: string): UseQueryResult<ConnectableAccount[], Error> {
  return useQuery({
    queryKey: [...queryKeys.cards, 'connectable-accounts', hubMemberId],
    queryFn: async ({ signal }) => (await apiRequest<{ data: ConnectableAccount[] }>('GET', `${cardsPath(hubMemberId)}/connectable-accounts`, { signal })).data,
  });
}

/**
 * Creates or resumes the managed identity. A plain function, not a cached query: the password
 * lives only in the dialog that shows it, and calling again returns the same draft.
 */
export async function startManagedIdentity(queryClient: QueryClient, hubMemberId: string): Promise<ManagedIdentity> {
  const identity = await apiRequest<ManagedIdentity>('POST', `${cardsPath(hubMemberId)}/connect/managed-identity`);
  // The card now has a draft: opening it again resumes at "Create <app name> account".
  patchCard(queryClient, hubMemberId, (c) => ({ ...c, hasDraft: true }));
  return identity;
}

export function useConnectCard(hubMemberId: string): UseMutationResult<HubCard, Error, ConnectInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ConnectInput) => apiRequest<HubCard>('POST', `${cardsPath(hubMemberId)}/connect`, { body: input }),
    onSuccess: async (card) => {
      storeCard(queryClient, card);
      await queryClient.invalidateQueries({ queryKey: queryKeys.accounts.all });
    },
  });
}

/** "Send email invite" (claim a seat offered through a collection) or, for Owners, "Skip for now". */
export function useClaimCard(hubMemberId: string): UseMutationResult<void, Error, 'claim' | 'skip'> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: 'claim' | 'skip') => apiRequest<void>('POST', `${cardsPath(hubMemberId)}/${action}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.cards }),
  });
}
