import type pg from 'pg';
import type { Logger } from 'pino';

export interface InboxNotifier {
  /** Calls `wake` whenever a message is stored in the workspace, on any API node; returns the unsubscribe. */
  subscribe(workspaceId: string, wake: () => void): () => void;
  close(): Promise<void>;
}

const channel = 'latchkey_inbox';

/**
 * One LISTEN connection per process, opened while at least one stream is subscribed. NOTIFY comes
 * from the storing transaction's commit, so every node hears it. When the connection drops, streams
 * still poll on their own (the fallback), and the listener reconnects after a second.
 */
export function createInboxNotifier(pool: pg.Pool, log: Pick<Logger, 'warn'>): InboxNotifier {
  const subscribers = new Map<string, Set<() => void>>();
  let client: pg.PoolClient | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const onNotification = (n: pg.Notification): void => {
    if (n.channel !== channel || !n.payload) return;
    for (const wake of subscribers.get(n.payload) ?? []) wake();
  };

  function drop(c: pg.PoolClient, err?: Error): void {
    c.removeListener('notification', onNotification);
    c.release(err ?? true);
    if (client === c) client = null;
  }

  async function connect(): Promise<void> {
    if (client || closed || subscribers.size === 0) return;
    const c = await pool.connect();
    c.on('notification', onNotification);
    c.on('error', (err) => {
      log.warn({ err }, 'inbox listener connection lost; streams keep polling');
      drop(c, err);
      retry ??= setTimeout(() => {
        retry = null;
        void ensure();
      }, 1000);
    });
    await c.query(`LISTEN ${channel}`);
    client = c;
  }

  function ensure(): Promise<void> {
    connecting ??= connect()
      .catch((err: unknown) => log.warn({ err }, 'could not LISTEN for inbox messages; streams keep polling'))
      .finally(() => (connecting = null));
    return connecting;
  }

  return {
    subscribe(workspaceId, wake) {
      let set = subscribers.get(workspaceId);
      if (!set) subscribers.set(workspaceId, (set = new Set()));
      set.add(wake);
      void ensure();
      return () => {
        set.delete(wake);
        if (set.size === 0) subscribers.delete(workspaceId);
      };
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await connecting;
      if (client) {
        const c = client;
        await c.query(`UNLISTEN ${channel}`).catch(() => undefined);
        drop(c);
      }
    },
  };
}
