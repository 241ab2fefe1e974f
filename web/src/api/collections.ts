import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { isApiError } from './api-error.ts';
import { apiRequest } from './client.ts';
import { hubKeys, jobKeys } from './hub-query-keys.ts';
import type { AssetGrantInput } from './shares.ts';

/** Mirror of server/src/modules/collections/routes.ts (spec §3.7, §5.8). */

export type CollectionRole = 'owner' | 'collaborator';

export interface CollectionHubItem {
  hubId: string;
  label: string;
  /** Fixed when the hub was added: what every grantee receives once they claim. */
  appRoleKeys: string[];
  assets: number;
}

export interface CollectionGrant {
  id: string;
  subjectType: 'user' | 'team' | (string & {});
  subjectId: string;
  role: CollectionRole | (string & {});
}

export interface Collection {
  id: string;
  name: string;
  myRole: CollectionRole;
  hubs: CollectionHubItem[];
  /** Only Owners see who holds the collection; empty for Collaborators. */
  grants: CollectionGrant[];
}

export interface AddHubInput {
  hubId: string;
  appRoleKeys: string[];
  assetGrants: AssetGrantInput[];
}

export interface ShareCollectionInput {
  subjectType: 'user' | 'team';
  subjectId: string;
  role: CollectionRole;
}

export const collectionKeys = {
  all: ['collections'] as const,
  list: ['collections', 'list'] as const,
  detail: (id: string) => ['collections', 'detail', id] as const,
};

const collectionPath = (id: string): string => `/collections/${encodeURIComponent(id)}`;

export function useCollections(enabled = true): UseQueryResult<Collection[], Error> {
  return useQuery({
    queryKey: collectionKeys.list,
    queryFn: async ({ signal }) => (await apiRequest<{ data: Collection[] }>('GET', '/collections', { signal })).data,
    enabled,
  });
}

export function useCollection(id: string): UseQueryResult<Collection, Error> {
  return useQuery({
    queryKey: collectionKeys.detail(id),
    queryFn: ({ signal }) => apiRequest<Collection>('GET', collectionPath(id), { signal }),
    retry: (count, error) => count < 2 && !(isApiError(error) && error.status > 0 && error.status < 500),
  });
}

/** Every collection write answers the fresh collection: show it, and refresh the list around it. */
function useStoreCollection(): (collection: Collection) => Promise<void> {
  const queryClient = useQueryClient();
  return async (collection) => {
    queryClient.setQueryData(collectionKeys.detail(collection.id), collection);
    await queryClient.invalidateQueries({ queryKey: collectionKeys.list });
  };
}

export function useCreateCollection(): UseMutationResult<Collection, Error, { name: string }> {
  const store = useStoreCollection();
  return useMutation({
    mutationFn: (input: { name: string }) => apiRequest<Collection>('POST', '/collections', { body: input }),
    onSuccess: store,
  });
}

/** "Add to Collection": the hub's app role and assets for future grantees are fixed now. */
export function useAddHubToCollection(): UseMutationResult<Collection, Error, { collectionId: string; input: AddHubInput }> {
  const queryClient = useQueryClient();
  const store = useStoreCollection();
  return useMutation({
    mutationFn: ({ collectionId, input }: { collectionId: string; input: AddHubInput }) =>
      apiRequest<Collection>('POST', `${collectionPath(collectionId)}/hubs`, { body: input }),
    onSuccess: async (collection, { input }) => {
      await store(collection);
      // Holders of an already-shared collection now owe a claim on this hub.
      await queryClient.invalidateQueries({ queryKey: hubKeys.detailAll(input.hubId) });
      await queryClient.invalidateQueries({ queryKey: ['cards'] });
    },
  });
}

/** Share the collection: hub access through it starts as "Claim your invite" (T2). */
export function useShareCollection(collectionId: string): UseMutationResult<Collection, Error, ShareCollectionInput> {
  const queryClient = useQueryClient();
  const store = useStoreCollection();
  return useMutation({
    mutationFn: (input: ShareCollectionInput) => apiRequest<Collection>('POST', `${collectionPath(collectionId)}/grants`, { body: input }),
    onSuccess: async (collection) => {
      await store(collection);
      for (const hub of collection.hubs) await queryClient.invalidateQueries({ queryKey: hubKeys.detailAll(hub.hubId) });
      await queryClient.invalidateQueries({ queryKey: jobKeys.lists });
      await queryClient.invalidateQueries({ queryKey: ['cards'] });
    },
  });
}
