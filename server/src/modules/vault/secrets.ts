import type { Executor } from '../../db/client.ts';
import type { Keyring } from '../keyring/service.ts';
import { insertSecret, latestSecret, nextSecretVersion, purgeSuperseded, supersedeSecrets } from './repo.ts';

export type SecretField = 'password' | 'totp' | 'backup_codes' | 'notes' | 'custom_fields';

/** How long a replaced password stays recoverable (spec §3.5). */
const passwordHistoryMs = 30 * 24 * 3_600_000;

export interface AccountSecrets {
  write(tx: Executor, workspaceId: string, accountId: string, field: SecretField, plaintext: string | null, now: Date): Promise<void>;
  read(ex: Executor, workspaceId: string, accountId: string, field: SecretField): Promise<string | null>;
}

/**
 * Versioned, sealed secret fields. The AAD names the field and its version, so a ciphertext
 * moved to another account, field or version does not open.
 */
export function createAccountSecrets(keyring: Pick<Keyring, 'seal' | 'open'>): AccountSecrets {
  return {
    async write(tx, workspaceId, accountId, field, plaintext, now) {
      await supersedeSecrets(tx, accountId, field, now);
      const keepUntil = field === 'password' ? new Date(now.getTime() - passwordHistoryMs) : new Date(now.getTime() + 1);
      await purgeSuperseded(tx, accountId, field, keepUntil);
      if (plaintext === null) return;
      const version = await nextSecretVersion(tx, accountId, field);
      const ciphertext = await keyring.seal(tx, workspaceId, accountId, `${field}#${version}`, plaintext);
      await insertSecret(tx, { workspaceId, accountId, field, version, ciphertext, createdAt: now });
    },
    async read(ex, workspaceId, accountId, field) {
      const s = await latestSecret(ex, accountId, field);
      if (!s) return null;
      return keyring.open(ex, workspaceId, accountId, `${field}#${s.version}`, s.ciphertext);
    },
  };
}
