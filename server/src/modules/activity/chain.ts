import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json.ts';

export const genesisHash = '0'.repeat(64);

export interface ChainedFields {
  id: string;
  workspaceId: string;
  seq: number;
  at: Date;
  type: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  ip: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
}

/** hash = SHA-256(prevHash ‖ canonical JSON of the event), spec §10.9. */
export function eventHash(prevHash: string, e: ChainedFields): string {
  const body = canonicalJson({ ...e, at: e.at.toISOString() });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}
