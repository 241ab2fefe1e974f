import { stringify } from 'csv-stringify/sync';
import type { Database, Executor } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import { eventHash, genesisHash } from './chain.ts';
import { canViewAllActivity } from './policy.ts';
import { eventsAfter, insertEvent, insertEvents, listEvents, lockHead, type ActivityFilters, type ActivityRow } from './repo.ts';

export interface ActivityInput {
  workspaceId: string;
  type: string;
  actor: { kind: 'member' | 'system' | 'api_key'; id: string | null; label: string | null };
  target?: { type: string; id: string | null; label: string | null } | undefined;
  data?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

export interface ActivityService {
  /** Appends an event inside the caller's transaction, so the event commits with the change. */
  record(tx: Executor, input: ActivityInput): Promise<void>;
  /**
   * Appends many events in order, the same chain `record` would build one by one, but with one
   * head lock per workspace and multi-row inserts (a sync of 100,000 people writes 100,000 events).
   */
  recordMany(tx: Executor, inputs: readonly ActivityInput[]): Promise<void>;
  list(ctx: RequestContext, f: ActivityFilters, limit: number, cursor?: string): Promise<{ data: ActivityRow[]; nextCursor: string | null }>;
  exportCsv(ctx: RequestContext, f: ActivityFilters): AsyncGenerator<string>;
  verify(ctx: RequestContext): Promise<{ ok: boolean; checked: number; firstBrokenSeq: number | null }>;
}

/** Builds the activity input for something a signed-in member did. */
export function byMember(ctx: RequestContext, type: string, target?: ActivityInput['target'], data: Record<string, unknown> = {}): ActivityInput {
  return {
    workspaceId: ctx.actor.workspaceId,
    type,
    actor: { kind: 'member', id: ctx.actor.memberId, label: ctx.actor.email },
    target,
    data,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  };
}

const csvColumns = ['seq', 'at', 'type', 'actor_kind', 'actor_id', 'actor', 'target_type', 'target_id', 'target', 'ip', 'user_agent', 'data', 'prev_hash', 'hash'];

export function createActivityService(deps: { database: Database; clock: Clock }): ActivityService {
  const { database, clock } = deps;

  function scoped(ctx: RequestContext, f: ActivityFilters): ActivityFilters {
    return canViewAllActivity(ctx.actor) ? f : { ...f, involving: ctx.actor.memberId };
  }

  /** The next link of the chain after `prev`. */
  function chained(input: ActivityInput, prev: { lastSeq: number; lastHash: string }): ActivityRow {
    const fields = {
      id: newId(),
      workspaceId: input.workspaceId,
      seq: prev.lastSeq + 1,
      at: clock.now(),
      type: input.type,
      actorKind: input.actor.kind,
      actorId: input.actor.id,
      actorLabel: input.actor.label,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      targetLabel: input.target?.label ?? null,
      ip: input.ip ?? null,
      userAgent: input.userAgent ?? null,
      data: input.data ?? {},
    };
    return { ...fields, prevHash: prev.lastHash, hash: eventHash(prev.lastHash, fields) };
  }

  return {
    async record(tx, input) {
      await insertEvent(tx, chained(input, await lockHead(tx, input.workspaceId)));
    },

    async recordMany(tx, inputs) {
      const byWorkspace = new Map<string, ActivityInput[]>();
      for (const i of inputs) {
        const list = byWorkspace.get(i.workspaceId);
        if (list) list.push(i);
        else byWorkspace.set(i.workspaceId, [i]);
      }
      // Heads are locked in one global order, so two batches over the same workspaces cannot deadlock.
      for (const workspaceId of [...byWorkspace.keys()].sort()) {
        let head = await lockHead(tx, workspaceId);
        const rows: ActivityRow[] = [];
        for (const input of byWorkspace.get(workspaceId)!) {
          const row = chained(input, head);
          rows.push(row);
          head = { lastSeq: row.seq, lastHash: row.hash };
        }
        await insertEvents(tx, rows);
      }
    },

    async list(ctx, f, limit, cursor) {
      const before = decodeCursor(cursor, 1);
      const rows = await listEvents(database.db, ctx.actor.workspaceId, scoped(ctx, f), limit + 1, before ? Number(before[0]) : null);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { data: page, nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null };
    },

    async *exportCsv(ctx, f) {
      yield stringify([csvColumns]);
      let after = 0;
      for (;;) {
        const rows = await eventsAfter(database.db, ctx.actor.workspaceId, after, 1000, scoped(ctx, f));
        if (rows.length === 0) return;
        yield stringify(
          rows.map((r) => [r.seq, r.at.toISOString(), r.type, r.actorKind, r.actorId, r.actorLabel, r.targetType, r.targetId, r.targetLabel, r.ip, r.userAgent, JSON.stringify(r.data), r.prevHash, r.hash]),
        );
        after = rows[rows.length - 1]!.seq;
      }
    },

    async verify(ctx) {
      if (!canViewAllActivity(ctx.actor)) throw new AppError('forbidden', 'Only workspace owners and admins can verify the activity chain.');
      let prev = genesisHash;
      let expectedSeq = 1;
      let checked = 0;
      for (;;) {
        const rows = await eventsAfter(database.db, ctx.actor.workspaceId, expectedSeq - 1, 1000);
        if (rows.length === 0) return { ok: true, checked, firstBrokenSeq: null };
        for (const r of rows) {
          const { prevHash, hash, ...fields } = r;
          if (r.seq !== expectedSeq || prevHash !== prev || eventHash(prev, fields) !== hash) {
            return { ok: false, checked, firstBrokenSeq: expectedSeq };
          }
          prev = hash;
          expectedSeq++;
          checked++;
        }
      }
    },
  };
}
