import type { Database, Executor } from '../../db/client.ts';
import type { RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import type { Keyring } from '../keyring/service.ts';
import type { InboxMessageDto } from './dto.ts';
import { canSeeAccount, dbNow, deleteReceivedBefore, listVisible, storedSince, type InboxMessageRow } from './repo.ts';
import { inboxSeal } from './sealed.ts';

export interface InboxService {
  /** The Shared Inbox (or one account's Inbox tab): messages of accounts the viewer holds a role on now. */
  list(ctx: RequestContext, q: { accountId?: string | undefined; limit: number; cursor?: string | undefined }): Promise<{ data: InboxMessageDto[]; nextCursor: string | null }>;
  /** Where a new live stream starts (the database clock that stamps stored messages); not_found for an account the viewer cannot see. */
  streamStart(ctx: RequestContext, accountId?: string): Promise<Date>;
  /** Messages stored since `since` that the viewer may see and has not been sent yet (the live stream), optionally of one account. */
  changes(ctx: RequestContext, since: Date, sent: readonly string[], accountId?: string): Promise<(InboxMessageDto & { storedAt: Date })[]>;
  /** Retention: deletes messages older than the retention period; returns how many. */
  purgeExpired(): Promise<number>;
}

const dayMs = 86_400_000;

export function createInboxService(deps: { database: Database; keyring: Pick<Keyring, 'seal' | 'open'>; activity: Pick<ActivityService, 'record'>; clock: Clock; retentionDays: number }): InboxService {
  const { database, activity, clock } = deps;
  const sealer = inboxSeal(deps.keyring);

  async function present(ex: Executor, m: InboxMessageRow, now: Date): Promise<InboxMessageDto> {
    const open = (field: Parameters<typeof sealer.open>[3], blob: Buffer | null) => sealer.open(ex, m.workspaceId, m.id, field, blob);
    // Invariant 26: a code is shown only inside its visibility window; the message itself stays.
    const codeVisible = m.codeExpiresAt !== null && m.codeExpiresAt > now;
    return {
      id: m.id,
      accountId: m.accountId,
      channel: m.channel as InboxMessageDto['channel'],
      provider: m.provider,
      from: m.fromAddress,
      to: m.toAddress,
      subject: await open('inbox.subject', m.subjectEnc),
      bodyText: (await open('inbox.text', m.bodyTextEnc)) ?? '',
      bodyHtml: await open('inbox.html', m.bodyHtmlEnc),
      code: codeVisible ? await open('inbox.code', m.codeEnc) : null,
      codeExpiresAt: codeVisible ? m.codeExpiresAt : null,
      receivedAt: m.receivedAt,
    };
  }

  /** Each read is an activity event naming the accounts, never a body or code (spec §3.15, invariant 23). */
  async function audit(ex: Executor, ctx: RequestContext, rows: InboxMessageRow[], via: 'list' | 'stream'): Promise<void> {
    if (rows.length === 0) return;
    const accountIds = [...new Set(rows.map((r) => r.accountId))];
    await activity.record(ex, byMember(ctx, 'inbox.messages_read', { type: 'inbox', id: null, label: 'Shared Inbox' }, { accountIds, count: rows.length, via }));
  }

  async function assertVisible(ctx: RequestContext, accountId: string | undefined): Promise<void> {
    if (accountId && !(await canSeeAccount(database.db, ctx.actor.workspaceId, ctx.actor.memberId, accountId))) throw new AppError('not_found', 'No such account, or it is not shared with you.');
  }

  return {
    async list(ctx, q) {
      const { workspaceId, memberId } = ctx.actor;
      await assertVisible(ctx, q.accountId);
      const c = decodeCursor(q.cursor, 2);
      return database.tx(async (tx) => {
        const rows = await listVisible(tx, workspaceId, memberId, q.accountId, q.limit + 1, c ? { receivedAt: new Date(String(c[0])), id: String(c[1]) } : null);
        const page = rows.slice(0, q.limit);
        const now = clock.now();
        const data = await Promise.all(page.map((m) => present(tx, m, now)));
        await audit(tx, ctx, page, 'list');
        const last = page[page.length - 1];
        return { data, nextCursor: rows.length > q.limit && last ? encodeCursor([last.receivedAt.toISOString(), last.id]) : null };
      });
    },

    async streamStart(ctx, accountId) {
      await assertVisible(ctx, accountId);
      return dbNow(database.db);
    },

    async changes(ctx, since, sent, accountId) {
      const rows = await storedSince(database.db, ctx.actor.workspaceId, ctx.actor.memberId, accountId, since, sent, 100);
      if (rows.length === 0) return [];
      return database.tx(async (tx) => {
        const now = clock.now();
        const data = await Promise.all(rows.map(async (m) => ({ ...(await present(tx, m, now)), storedAt: m.createdAt })));
        await audit(tx, ctx, rows, 'stream');
        return data;
      });
    },

    async purgeExpired() {
      return deleteReceivedBefore(database.db, new Date(clock.now().getTime() - deps.retentionDays * dayMs));
    },
  };
}
