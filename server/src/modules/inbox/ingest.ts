import type { Catalog } from '../../connectors/catalog.ts';
import type { Database, Executor } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import { compilePatterns, extractCode } from '../../lib/codes.ts';
import { newId } from '../../lib/ids.ts';
import type { ActivityService } from '../activity/service.ts';
import type { Keyring } from '../keyring/service.ts';
import { findAccount } from '../vault/repo.ts';
import { findWorkspace } from '../workspaces/repo.ts';
import type { InboundMessage } from './dto.ts';
import { insertMessage, notifyInbox } from './repo.ts';
import { inboxSeal } from './sealed.ts';

export interface InboxIngest {
  /** Stores the message once per (provider, provider message id) and wakes the open inboxes that may see it. */
  receive(input: InboundMessage): Promise<{ id: string | null; duplicate: boolean }>;
}

/** Spec §3.1: how long an extracted code stays visible. */
const defaultCodeVisibilityMinutes = 10;

export function createInboxIngest(deps: { database: Database; keyring: Pick<Keyring, 'seal' | 'open'>; catalog: Pick<Catalog, 'list'>; activity: Pick<ActivityService, 'record'>; clock: Clock }): InboxIngest {
  const { database, activity, clock } = deps;
  const sealer = inboxSeal(deps.keyring);
  const patternCache = new Map<string, RegExp[]>();

  function patternsFor(appKey: string | null): RegExp[] {
    if (!appKey) return [];
    let p = patternCache.get(appKey);
    if (!p) {
      p = compilePatterns(deps.catalog.list().find((m) => m.key === appKey)?.codePatterns ?? []);
      patternCache.set(appKey, p);
    }
    return p;
  }

  async function visibilityMinutes(ex: Executor, workspaceId: string): Promise<number> {
    const v = (await findWorkspace(ex, workspaceId))?.settings.codeVisibilityMinutes;
    return typeof v === 'number' && v > 0 ? v : defaultCodeVisibilityMinutes;
  }

  return {
    async receive(m) {
      return database.tx(async (tx) => {
        const account = await findAccount(tx, m.workspaceId, m.accountId);
        const receivedAt = clock.now();
        const found = extractCode(m.subject ? `${m.subject}\n${m.text}` : m.text, patternsFor(account?.appKey ?? null));
        const id = newId(receivedAt.getTime());
        const ws = m.workspaceId;
        const row = await insertMessage(tx, {
          id,
          workspaceId: ws,
          accountId: m.accountId,
          channel: m.channel,
          contactId: m.contactId,
          provider: m.provider,
          providerMessageId: m.providerMessageId,
          fromAddress: m.from,
          toAddress: m.to,
          subjectEnc: await sealer.sealOrNull(tx, ws, id, 'inbox.subject', m.subject),
          bodyTextEnc: await sealer.seal(tx, ws, id, 'inbox.text', m.text),
          bodyHtmlEnc: await sealer.sealOrNull(tx, ws, id, 'inbox.html', m.html),
          rawEnc: await sealer.seal(tx, ws, id, 'inbox.raw', m.raw),
          codeEnc: await sealer.sealOrNull(tx, ws, id, 'inbox.code', found?.code ?? null),
          codeRule: found?.rule ?? null,
          codeExpiresAt: found ? new Date(receivedAt.getTime() + (await visibilityMinutes(tx, ws)) * 60_000) : null,
          receivedAt,
        });
        if (!row) return { id: null, duplicate: true };
        await notifyInbox(tx, ws);
        // Metadata only: never the body or the code (invariant 23).
        await activity.record(tx, {
          workspaceId: ws,
          type: 'inbox.message_received',
          actor: { kind: 'system', id: null, label: m.channel === 'sms' ? 'Inbound SMS' : 'Inbound e-mail' },
          target: { type: 'account', id: m.accountId, label: account?.label ?? null },
          data: { messageId: id, channel: m.channel, provider: m.provider, codeFound: Boolean(found), codeRule: found?.rule ?? null },
        });
        return { id, duplicate: false };
      });
    },
  };
}
