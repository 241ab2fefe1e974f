import type { Executor } from '../../db/client.ts';
import type { Keyring } from '../keyring/service.ts';

/** The sealed fields of an inbox message; each AAD names the message and the field. */
export type InboxField = 'inbox.subject' | 'inbox.text' | 'inbox.html' | 'inbox.raw' | 'inbox.code';

export interface InboxSeal {
  seal(ex: Executor, workspaceId: string, messageId: string, field: InboxField, plaintext: string): Promise<Buffer>;
  sealOrNull(ex: Executor, workspaceId: string, messageId: string, field: InboxField, plaintext: string | null): Promise<Buffer | null>;
  open(ex: Executor, workspaceId: string, messageId: string, field: InboxField, blob: Buffer | null): Promise<string | null>;
}

export function inboxSeal(keyring: Pick<Keyring, 'seal' | 'open'>): InboxSeal {
  return {
    seal: (ex, ws, id, field, plaintext) => keyring.seal(ex, ws, id, field, plaintext),
    sealOrNull: async (ex, ws, id, field, plaintext) => (plaintext === null ? null : keyring.seal(ex, ws, id, field, plaintext)),
    open: async (ex, ws, id, field, blob) => (blob ? keyring.open(ex, ws, id, field, blob) : null),
  };
}
