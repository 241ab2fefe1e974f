import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { apiUrl } from './client.ts';
import { hubKeys, jobKeys } from './hub-query-keys.ts';
import type { Job } from './hub-types.ts';
import { applyJobEvent } from './jobs.ts';

export type JobStreamStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * One shared EventSource on `/jobs/stream` for every page that wants live jobs, opened while at
 * least one of them is mounted. Each `job` event updates the Automation caches in place and
 * refreshes the job's hub (health, syncing, Users tables). The browser reconnects on its own after
 * a dropped connection; when it gives up (an error answer instead of a stream) we reconnect with
 * backoff, and after any gap refetch what may have changed meanwhile.
 */
class JobStream {
  private source: EventSource | null = null;
  private users = 0;
  private client: QueryClient | null = null;
  private status: JobStreamStatus = 'connecting';
  private listeners = new Set<() => void>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private hadGap = false;
  private pendingHubs = new Set<string>();
  private hubTimer: ReturnType<typeof setTimeout> | undefined;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): JobStreamStatus => this.status;

  acquire(client: QueryClient): void {
    this.client = client;
    this.users += 1;
    clearTimeout(this.closeTimer);
    if (!this.source && this.retryTimer === undefined) this.open();
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0) return;
    // A short grace period: moving between two live pages keeps the same connection.
    this.closeTimer = setTimeout(() => this.shutdown(), 3000);
  }

  private setStatus(status: JobStreamStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.listeners) listener();
  }

  private open(): void {
    this.retryTimer = undefined;
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(apiUrl('/jobs/stream'), { withCredentials: true });
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
      this.setStatus('live');
      if (this.hadGap) this.catchUp();
      this.hadGap = false;
    });
    source.addEventListener('job', (event) => this.onJob(event as MessageEvent<string>));
    source.addEventListener('error', () => {
      this.hadGap = true;
      this.setStatus('reconnecting');
      if (source.readyState !== EventSource.CLOSED) return; // The browser is already reconnecting.
      source.close();
      this.source = null;
      this.failures += 1;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(this.failures, 5));
      this.retryTimer = setTimeout(() => this.open(), delay);
    });
  }

  private shutdown(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.source?.close();
    this.source = null;
    this.hadGap = true;
    this.setStatus('connecting');
  }

  private onJob(event: MessageEvent<string>): void {
    if (!this.client) return;
    let job: Job;
    try {
      job = JSON.parse(event.data) as Job;
    } catch {
      return;
    }
    applyJobEvent(this.client, job);
    if (job.target.hubId) this.refreshHub(job.target.hubId);
  }

  /** Batches a burst of events (validate → sync → children) into one refresh per hub. */
  private refreshHub(hubId: string): void {
    this.pendingHubs.add(hubId);
    if (this.hubTimer !== undefined) return;
    this.hubTimer = setTimeout(() => {
      this.hubTimer = undefined;
      const client = this.client;
      const hubs = [...this.pendingHubs];
      this.pendingHubs.clear();
      if (!client) return;
      for (const id of hubs) void client.invalidateQueries({ queryKey: hubKeys.detailAll(id) });
      void client.invalidateQueries({ queryKey: hubKeys.list });
    }, 150);
  }

  /** After a gap, anything may have changed: refetch the lists and hubs on screen. */
  private catchUp(): void {
    if (!this.client) return;
    void this.client.invalidateQueries({ queryKey: jobKeys.all });
    void this.client.invalidateQueries({ queryKey: hubKeys.all, predicate: (query) => query.queryKey[1] !== 'apps' });
  }
}

const stream = new JobStream();

/** Keeps the live job stream open while the calling component is mounted; returns its status. */
export function useJobStream(): JobStreamStatus {
  const queryClient = useQueryClient();
  useEffect(() => {
    stream.acquire(queryClient);
    return () => stream.release();
  }, [queryClient]);
  return useSyncExternalStore(stream.subscribe, stream.getStatus, stream.getStatus);
}
