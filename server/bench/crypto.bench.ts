import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { generateDataKey, openField, sealField, type FieldContext } from '../src/crypto/envelope.ts';
import type { Bench } from './registry.ts';

const N = 10_000;
const dek = generateDataKey();

// Secret sizes of real vault fields: passwords, TOTP seeds, the odd recovery-code blob.
const plaintexts = Array.from({ length: N }, () => randomBytes(randomInt(8, 129)));
const contexts: FieldContext[] = plaintexts.map((_, i) => ({
  workspaceId: '0193a7c2-8f1e-7c3a-9b2d-4e5f6a7b8c9d',
  itemId: `0193a7c2-8f1e-7c3a-9b2d-${i.toString().padStart(12, '0')}`,
  field: 'password',
}));
const sealed = plaintexts.map((p, i) => sealField(dek, p, contexts[i] as FieldContext));

// The baseline: the same sizes through bare AES-256-GCM, no AAD, no framing, no checks.
const raw = plaintexts.map((p) => {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dek, iv);
  const body = Buffer.concat([c.update(p), c.final()]);
  return { iv, body, tag: c.getAuthTag() };
});

export const benches: Bench[] = [
  {
    name: 'openField x10k',
    n: N,
    subject: {
      name: 'openField',
      fn: (i) => openField(dek, sealed[i] as Buffer, contexts[i] as FieldContext),
    },
    baseline: {
      name: 'raw-gcm',
      fn: (i) => {
        const r = raw[i];
        if (r === undefined) throw new Error('missing input');
        const d = createDecipheriv('aes-256-gcm', dek, r.iv);
        d.setAuthTag(r.tag);
        return Buffer.concat([d.update(r.body), d.final()]);
      },
    },
    budget: {
      minRatio: 0.5,
      why: 'openField adds only framing checks and a small JSON AAD to the same single GCM pass; halving throughput would mean per-call work (key derivation, copies) crept into the hot path',
    },
  },
];
