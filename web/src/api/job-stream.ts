import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { SharedEventStream, type StreamStatus } from './shared-event-stream.ts';
import { hubKeys, jobKeys } from './hub-query-keys.ts';
import type { Job } from './hub-types.ts';
import { applyJobEvent } from './jobs.ts';

export type JobStreamStatus = StreamStatus;

const pendingHubs = new Set<string>();
let hubTimer: ReturnType<typeof setTimeout> | undefined;

/** Batches a burst of events (validate → sync → children) into one refresh per hub. */
function refreshHub(client: QueryClient, hubId: string): void {
  pendingHubs.add(hubId);
  if (hubTimer !== undefined) return;
  hubTimer = setTimeout(() => {
    hubTimer = undefined;
    const hubs = [...pendingHubs];
    pendingHubs.clear();
    for (const id of hubs) void client.invalidateQueries({ queryKey: hubKeys.detailAll(id) });
    void client.invalidateQueries({ queryKey: hubKeys.list });
  }, 150);
}

/**
 * One stream on `/jobs/stream` for every page that wants live jobs. Each `job` event updates the
 * Automation caches in place and refreshes the job's hub (health, syncing, Users tables); after a
 * gap, the lists and hubs on screen are refetched.
 */
const stream = new SharedEventStream<Job>({
  path: '/jobs/stream',
  event: 'job',
  onData(client, job) {
    applyJobEvent(client, job);
    if (job.target.hubId) refreshHub(client, job.target.hubId);
  },
  onResumed(client) {
    void client.invalidateQueries({ queryKey: jobKeys.all });
    void client.invalidateQueries({ queryKey: hubKeys.all, predicate: (query) => query.queryKey[1] !== 'apps' });
  },
});

/** Keeps the live job stream open while the calling component is mounted; returns its status. */
export function useJobStream(): JobStreamStatus {
  const queryClient = useQueryClient();
  useEffect(() => {
    stream.acquire(queryClient);
    return () => stream.release();
  }, [queryClient]);
  return useSyncExternalStore(stream.subscribe, stream.getStatus, stream.getStatus);
}
