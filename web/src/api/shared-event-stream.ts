import type { QueryClient } from '@tanstack/react-query';
import { apiUrl } from './client.ts';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface StreamHandlers<T> {
  /** API path of the server-sent event stream, e.g. `/jobs/stream`. */
  path: string;
  /** The SSE event name the server sends (`message` when it sends unnamed events). */
  event: string;
  onData(client: QueryClient, data: T): void;
  /** After any gap (a reconnect or a reopen), refetch what may have changed meanwhile. */
  onResumed(client: QueryClient): void;
}

/**
 * One EventSource shared by every mounted component that wants a live stream, open while at least
 * one of them is mounted (with a short grace period, so moving between two live pages keeps the
 * connection). The browser reconnects on its own after a dropped connection; when it gives up (an
 * error answer instead of a stream) we reconnect with backoff.
 */
export class SharedEventStream<T> {
  private source: EventSource | null = null;
  private users = 0;
  private client: QueryClient | null = null;
  private status: StreamStatus = 'connecting';
  private listeners = new Set<() => void>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private hadGap = false;

  constructor(private readonly handlers: StreamHandlers<T>) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): StreamStatus => this.status;

  acquire(client: QueryClient): void {
    this.client = client;
    this.users += 1;
    clearTimeout(this.closeTimer);
    if (!this.source && this.retryTimer === undefined) this.open();
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0) return;
    this.closeTimer = setTimeout(() => this.shutdown(), 3000);
  }

  private setStatus(status: StreamStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.listeners) listener();
  }

  private open(): void {
    this.retryTimer = undefined;
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(apiUrl(this.handlers.path), { withCredentials: true });
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
      this.setStatus('live');
      if (this.hadGap && this.client) this.handlers.onResumed(this.client);
      this.hadGap = false;
    });
    source.addEventListener(this.handlers.event, (event) => this.onEvent(event as MessageEvent<string>));
    source.addEventListener('error', () => {
      this.hadGap = true;
      this.setStatus('reconnecting');
      if (source.readyState !== EventSource.CLOSED) return; // The browser is already reconnecting.
      source.close();
      this.source = null;
      this.failures += 1;
      this.retryTimer = setTimeout(() => this.open(), Math.min(30_000, 1000 * 2 ** Math.min(this.failures, 5)));
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

  private onEvent(event: MessageEvent<string>): void {
    if (!this.client) return;
    let data: T;
    try {
      data = JSON.parse(event.data) as T;
    } catch {
      return;
    }
    this.handlers.onData(this.client, data);
  }
}
