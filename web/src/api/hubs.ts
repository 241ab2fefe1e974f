import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import { isApiError } from './api-error.ts';
import { apiRequest } from './client.ts';
import { hubKeys, jobKeys } from './hub-query-keys.ts';
import type { AppManifest, ConnectHubInput, Hub, HubAppRole, HubAsset, HubMember, HubSettingsInput, StartHubOAuthInput, UsersTab } from './hub-types.ts';
import { queryKeys } from './query-keys.ts';
import type { AccountDetail } from './types.ts';

export const hubPath = (hubId: string): string => `/hubs/${encodeURIComponent(hubId)}`;

/** 4xx answers (not found, forbidden) won't change on a retry; only server trouble is retried. */
const retryServerErrors = (count: number, error: Error): boolean => count < 2 && !(isApiError(error) && error.status > 0 && error.status < 500);

/** The app catalog: what each installed connector supports. Changes only with a deploy. */
export function useApps(enabled = true): UseQueryResult<AppManifest[], Error> {
  return useQuery({
    queryKey: hubKeys.apps,
    queryFn: async ({ signal }) => (await apiRequest<{ data: AppManifest[] }>('GET', '/apps', { signal })).data,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useHubs(enabled = true): UseQueryResult<Hub[], Error> {
  return useQuery({
    queryKey: hubKeys.list,
    queryFn: async ({ signal }) => (await apiRequest<{ data: Hub[] }>('GET', '/hubs', { signal })).data,
    enabled,
  });
}

export function useHub(hubId: string): UseQueryResult<Hub, Error> {
  return useQuery({
    queryKey: hubKeys.detail(hubId),
    queryFn: ({ signal }) => apiRequest<Hub>('GET', hubPath(hubId), { signal }),
    retry: retryServerErrors,
  });
}

export function useHubMembers(hubId: string, tab: UsersTab, enabled = true): UseQueryResult<HubMember[], Error> {
  return useQuery({
    queryKey: hubKeys.members(hubId, tab),
    queryFn: async ({ signal }) => (await apiRequest<{ data: HubMember[] }>('GET', `${hubPath(hubId)}/members`, { query: { tab }, signal })).data,
    enabled,
    retry: retryServerErrors,
  });
}

export function useHubAppRoles(hubId: string, enabled = true): UseQueryResult<HubAppRole[], Error> {
  return useQuery({
    queryKey: hubKeys.appRoles(hubId),
    queryFn: async ({ signal }) => (await apiRequest<{ data: HubAppRole[] }>('GET', `${hubPath(hubId)}/app-roles`, { signal })).data,
    enabled,
    staleTime: 60_000,
    retry: retryServerErrors,
  });
}

export function useHubAssets(hubId: string, enabled = true): UseQueryResult<HubAsset[], Error> {
  return useQuery({
    queryKey: hubKeys.assets(hubId),
    queryFn: async ({ signal }) => (await apiRequest<{ data: HubAsset[] }>('GET', `${hubPath(hubId)}/assets`, { signal })).data,
    enabled,
    retry: retryServerErrors,
  });
}

/** A write answered with the fresh hub: show it at once, refresh the list and the hub's jobs around it. */
export async function storeHub(queryClient: QueryClient, hub: Hub): Promise<void> {
  queryClient.setQueryData(hubKeys.detail(hub.id), hub);
  queryClient.setQueryData<Hub[]>(hubKeys.list, (list) => list?.map((item) => (item.id === hub.id ? hub : item)));
  await queryClient.invalidateQueries({ queryKey: hubKeys.list });
}

export function useConnectHub(): UseMutationResult<Hub, Error, ConnectHubInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ConnectHubInput) => apiRequest<Hub>('POST', '/hubs', { body: input }),
    onSuccess: async (hub, input) => {
      queryClient.setQueryData(hubKeys.detail(hub.id), hub);
      await queryClient.invalidateQueries({ queryKey: hubKeys.list });
      await queryClient.invalidateQueries({ queryKey: jobKeys.lists });
      // A new token became an account in the vault.
      if (!('accountId' in input.serviceCredential)) await queryClient.invalidateQueries({ queryKey: queryKeys.accounts.all });
    },
  });
}

/**
 * "Authorise with <provider>": the server checks the hub details and answers where to send the
 * browser. The hub is created when the provider sends the browser back (a full-page redirect).
 */
export function useStartHubOAuth(): UseMutationResult<{ authorizeUrl: string }, Error, StartHubOAuthInput> {
  return useMutation({
    mutationFn: (input: StartHubOAuthInput) => apiRequest<{ authorizeUrl: string }>('POST', '/hubs/oauth/start', { body: input }),
  });
}

export function useUpdateHub(hubId: string): UseMutationResult<Hub, Error, HubSettingsInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: HubSettingsInput) => apiRequest<Hub>('PATCH', hubPath(hubId), { body: input }),
    onSuccess: async (hub) => {
      await storeHub(queryClient, hub);
      await queryClient.invalidateQueries({ queryKey: jobKeys.lists });
    },
  });
}

export function useDeleteHub(hubId: string): UseMutationResult<void, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<undefined>('DELETE', hubPath(hubId)),
    onSuccess: async () => {
      queryClient.setQueryData<Hub[]>(hubKeys.list, (list) => list?.filter((item) => item.id !== hubId));
      queryClient.removeQueries({ queryKey: hubKeys.detailAll(hubId) });
      await queryClient.invalidateQueries({ queryKey: hubKeys.list });
    },
  });
}

export type SyncAction = 'sync' | 'apply' | 'cancel';

/**
 * "Check for updates", "Apply anyway" (a halted sync) and "Cancel" (dismiss it). The first two
 * queue a job and answer its id; the job stream then moves the hub along live.
 */
export function useHubSync(hubId: string): UseMutationResult<{ jobId: string } | Hub, Error, SyncAction> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: SyncAction): Promise<{ jobId: string } | Hub> => {
      if (action === 'cancel') return apiRequest<Hub>('POST', `${hubPath(hubId)}/sync/cancel`);
      return apiRequest<{ jobId: string }>('POST', `${hubPath(hubId)}/sync${action === 'apply' ? '/apply' : ''}`);
    },
    onSuccess: async (result) => {
      if ('id' in result) await storeHub(queryClient, result);
      await queryClient.invalidateQueries({ queryKey: hubKeys.detailAll(hubId) });
      await queryClient.invalidateQueries({ queryKey: jobKeys.lists });
    },
  });
}

export type HubMemberAction =
  | { kind: 'match'; hubMemberId: string; memberId: string; role: 'owner' | 'collaborator' }
  | { kind: 'exempt'; hubMemberId: string; reason: string }
  | { kind: 'unexempt'; hubMemberId: string }
  | { kind: 'remove'; hubMemberId: string };

/** The unmatched-people actions (spec §5.6 step 6); every one refreshes all of the hub's tables. */
export function useHubMemberAction(hubId: string): UseMutationResult<unknown, Error, HubMemberAction> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: HubMemberAction) => {
      const path = `${hubPath(hubId)}/members/${encodeURIComponent(action.hubMemberId)}/${action.kind}`;
      if (action.kind === 'match') return apiRequest<HubMember>('POST', path, { body: { memberId: action.memberId, role: action.role } });
      if (action.kind === 'exempt') return apiRequest<HubMember>('POST', path, { body: { reason: action.reason } });
      return apiRequest<unknown>('POST', path);
    },
    onSuccess: async (_result, action) => {
      await queryClient.invalidateQueries({ queryKey: hubKeys.detailAll(hubId) });
      if (action.kind === 'remove') await queryClient.invalidateQueries({ queryKey: jobKeys.lists });
    },
  });
}

/**
 * A new service token or password, stored as an account of the app you own (so it can replace a
 * hub's credential in Settings). The vault's own account form has no app field, hence this call.
 */
export function useCreateServiceAccount(): UseMutationResult<AccountDetail, Error, { label: string; appKey: string; secret: string }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ label, appKey, secret }: { label: string; appKey: string; secret: string }) =>
      apiRequest<AccountDetail>('POST', '/accounts', { body: { label, appKey, password: secret } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.accounts.all }),
  });
}
