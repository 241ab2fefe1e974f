import { Cron } from 'croner';
import type { Logger } from 'pino';

export interface ScheduledTask {
  name: string;
  /** A cron pattern (5 fields, UTC). */
  pattern: string;
  run(now: Date): Promise<unknown>;
}

/**
 * Runs periodic enqueuers. They only write jobs with deterministic idempotency keys, so any
 * number of worker nodes can run the same schedule without doing anything twice.
 */
export function startScheduler(tasks: ScheduledTask[], log: Logger): { stop(): void } {
  const crons = tasks.map((t) => {
    const run = (): Promise<void> => t.run(new Date()).then(() => undefined, (e: unknown) => log.error({ err: e, task: t.name }, 'scheduled task failed'));
    void run();
    return new Cron(t.pattern, { protect: true, timezone: 'UTC' }, run);
  });
  return { stop: () => crons.forEach((c) => c.stop()) };
}
