import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { phoneNumbers } from '../../db/schema/index.ts';

export type PhoneProviderName = 'local' | 'twilio';

export interface ProvisionedNumber {
  e164: string;
  providerRef: string | null;
}

/**
 * Where managed numbers come from. `purchase` obtains a number that is in no live pool yet; a
 * `remote` provider calls an API, so callers never run it inside a database transaction.
 */
export interface PhoneProvider {
  readonly name: PhoneProviderName;
  /** Carriers classify the provider's numbers as VoIP; apps that refuse VoIP never get them (spec §3.13). */
  readonly voip: boolean;
  readonly remote: boolean;
  purchase(ex: Executor): Promise<ProvisionedNumber>;
  /** Gives the number back to the provider (nothing to do for local numbers). */
  release?(providerRef: string | null): Promise<void>;
}

/** Thrown when a provider cannot supply or give back a number; the message is safe to show to an admin. */
export class PhoneProviderError extends Error {
  override name = 'PhoneProviderError';
}

/**
 * A fictional range (e.g. +15550100000–+15550109999, the 555-01xx numbers reserved for fiction) for the
 * demo and self-tests. A number is "bought" by being the lowest one of the range in no live pool; the
 * inbound SMS for it arrives through the same signed Twilio-format webhook as real numbers.
 */
export function localProvider(range: { from: string; to: string }): PhoneProvider {
  const lo = BigInt(range.from.slice(1));
  const hi = BigInt(range.to.slice(1));
  const window = 10_000n;
  if (hi < lo) throw new PhoneProviderError(`LATCHKEY_SMS_LOCAL_RANGE: ${range.from} is after ${range.to}`);
  return {
    name: 'local',
    voip: false,
    remote: false,
    async purchase(ex) {
      // PostgreSQL materialises a set-returning function in FROM, so a wide range is scanned in windows.
      let e164: string | undefined;
      for (let start = lo; start <= hi && !e164; start += window) {
        const end = start + window - 1n < hi ? start + window - 1n : hi;
        const rows = await ex.execute<{ e164: string }>(sql`
          select '+' || n::text as e164 from generate_series(${start.toString()}::bigint, ${end.toString()}::bigint) as n
          where not exists (select 1 from ${phoneNumbers} p where p.e164 = '+' || n::text and p.status <> 'retired')
          order by n limit 1`);
        e164 = rows.rows[0]?.e164;
      }
      if (!e164) throw new PhoneProviderError(`Every number of the local range ${range.from}-${range.to} is in use. Widen LATCHKEY_SMS_LOCAL_RANGE.`);
      return { e164, providerRef: null };
    },
  };
}
