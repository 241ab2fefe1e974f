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
  /** The address the app's invite went to. */
  inviteEmail: string;
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
  passwordRules: string;
}

export type ConnectInput =
  | { draftId: string; label: string; vaultId?: string }
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

/**
 * Creates or resumes the managed identity. A plain function, not a cached query: the password
 * lives only in the dialog that shows it, and calling again returns the same draft.
 */
export async function startManagedIdentity(queryClient: QueryClient, hubMemberId: string): Promise<ManagedIdentity> {
  const identity = await apiRequest<ManagedIdentity>('POST', `${cardsPath(hubMemberId)}/connect/managed-identity`);
  // The card now has a draft: opening it again resumes at "Create <app name> account".
  queryClient.setQueryData<HubCard[]>(queryKeys.cards, (cards) => cards?.map((c) => (c.hubMemberId === hubMemberId ? { ...c, hasDraft: true } : c)));
  return identity;
}

export function useConnectCard(hubMemberId: string): UseMutationResult<HubCard, Error, ConnectInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ConnectInput) => apiRequest<HubCard>('POST', `${cardsPath(hubMemberId)}/connect`, { body: input }),
    onSuccess: async (card) => {
      queryClient.setQueryData<HubCard[]>(queryKeys.cards, (cards) => cards?.map((c) => (c.hubMemberId === card.hubMemberId ? card : c)));
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
