import {
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type UseInfiniteQueryResult,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import { isApiError } from './api-error.ts';
import { apiRequest } from './client.ts';
import { hubKeys, jobKeys } from './hub-query-keys.ts';
import type { Job, JobDetail, JobFilters } from './hub-types.ts';
import type { Page } from './types.ts';
import { useCursorPages } from './cursor-pages.ts';


export const jobPath = (jobId: string): string => `/jobs/${encodeURIComponent(jobId)}`;

/** The Automation log, newest first. The job stream keeps loaded pages current between fetches. */
export function useJobs(filters: JobFilters, enabled = true): UseInfiniteQueryResult<InfiniteData<Page<Job>>, Error> {
  return useCursorPages<Job>({ queryKey: jobKeys.list(filters), path: '/jobs', query: { status: filters.status, task: filters.task, hubId: filters.hubId }, enabled, keepPrevious: true });
}

export function useJob(jobId: string | null): UseQueryResult<JobDetail, Error> {
  return useQuery({
    queryKey: jobKeys.detail(jobId ?? ''),
    queryFn: ({ signal }) => apiRequest<JobDetail>('GET', jobPath(jobId ?? ''), { signal }),
    enabled: Boolean(jobId),
    retry: (count, error) => count < 2 && !(isApiError(error) && error.status > 0 && error.status < 500),
  });
}

export type JobAction = 'retry' | 'cancel';

export function useJobAction(): UseMutationResult<Job, Error, { jobId: string; action: JobAction }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ jobId, action }: { jobId: string; action: JobAction }) => apiRequest<Job>('POST', `${jobPath(jobId)}/${action}`),
    onSuccess: async (job) => {
      queryClient.setQueryData<JobDetail>(jobKeys.detail(job.id), (old) => (old ? { ...old, ...job } : old));
      replaceInLists(queryClient, job);
      await queryClient.invalidateQueries({ queryKey: jobKeys.detail(job.id) });
      if (job.target.hubId) await queryClient.invalidateQueries({ queryKey: hubKeys.detailAll(job.target.hubId) });
    },
  });
}

function matches(job: Job, filters: JobFilters): boolean {
  return (!filters.status || job.status === filters.status) && (!filters.task || job.task === filters.task) && (!filters.hubId || job.target.hubId === filters.hubId);
}

type JobPages = InfiniteData<Page<Job>>;

function replaceInLists(queryClient: ReturnType<typeof useQueryClient>, job: Job): void {
  queryClient.setQueriesData<JobPages>({ queryKey: jobKeys.lists }, (data) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map((item) => (item.id === job.id ? job : item)) })) } : data,
  );
}

/**
 * Folds one job from the live stream into every cache that shows it: each loaded Automation list
 * (replaced in place, or added on top when it is new and fits the list's filters), the job's detail,
 * and its parent's list of children. Rows never vanish under the reader when their status moves on.
 */
export function applyJobEvent(queryClient: ReturnType<typeof useQueryClient>, job: Job): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: jobKeys.lists })) {
    const filters = (query.queryKey[2] ?? {}) as JobFilters;
    queryClient.setQueryData<JobPages>(query.queryKey, (data) => {
      if (!data || data.pages.length === 0) return data;
      let found = false;
      const pages = data.pages.map((page) => ({
        ...page,
        data: page.data.map((item) => {
          if (item.id !== job.id) return item;
          found = true;
          return Date.parse(job.updatedAt) >= Date.parse(item.updatedAt) ? job : item;
        }),
      }));
      if (found) return { ...data, pages };
      if (!matches(job, filters)) return data;
      const [first, ...rest] = pages;
      return first ? { ...data, pages: [{ ...first, data: [job, ...first.data] }, ...rest] } : data;
    });
  }
  queryClient.setQueryData<JobDetail>(jobKeys.detail(job.id), (old) => (old ? { ...old, ...job, children: old.children } : old));
  if (job.parentId) {
    queryClient.setQueryData<JobDetail>(jobKeys.detail(job.parentId), (old) => {
      if (!old) return old;
      const known = old.children.some((child) => child.id === job.id);
      return { ...old, children: known ? old.children.map((child) => (child.id === job.id ? job : child)) : [...old.children, job] };
    });
  }
}
