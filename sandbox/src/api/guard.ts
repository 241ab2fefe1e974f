import type { FastifyRequest } from 'fastify';
import type { Database } from '../../../server/src/db/client.ts';
import { findTokenByHash, getBusiness } from '../businesses/repo.ts';
import { SandboxError } from '../lib/errors.ts';
import { hashToken } from '../lib/secrets.ts';
import type { ApiActor } from './actor.ts';
import { decideFault, effectiveFaults, type FaultSettings } from './faults.ts';

declare module 'fastify' {
  interface FastifyRequest {
    sandboxActor?: ApiActor;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface GuardDeps {
  database: Database;
  faultDefaults: FaultSettings;
  /** Uniform in [0, 1); injectable so tests can force a fault. */
  draw?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs before every admin API handler: bearer token → business → token/business match → injected
 * faults. The order makes each documented error mean one thing (401 unknown token, 404 bad business
 * id, 403 revoked or foreign token) and puts faults after auth, as a real overloaded backend would.
 */
export function apiGuard(deps: GuardDeps): (request: FastifyRequest) => Promise<void> {
  const draw = deps.draw ?? Math.random;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return async (request) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!m?.[1]) throw new SandboxError('unauthenticated', 'Send the service token as "Authorization: Bearer <token>".');
    const token = await findTokenByHash(deps.database.db, hashToken(m[1]));
    if (!token) throw new SandboxError('unauthenticated', 'This service token is not known to the sandbox. Create one in the sandbox UI or with `npm run sandbox -- create-token`.');
    const businessId = (request.params as { businessId?: string }).businessId ?? '';
    const business = UUID.test(businessId) ? await getBusiness(deps.database.db, businessId) : null;
    if (!business) throw new SandboxError('invalid_business_id', `There is no business with id "${businessId}". Check the Business ID in the sandbox UI.`);
    if (token.revokedAt) throw new SandboxError('insufficient_permission', `This service token was revoked on ${token.revokedAt.toISOString()}. Create a new one.`);
    if (token.businessId !== business.id) throw new SandboxError('insufficient_permission', 'This service token belongs to another business.');

    const faults = effectiveFaults(business, deps.faultDefaults);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const outcome = decideFault(faults, draw);
    if (outcome === '429') throw new SandboxError('rate_limited', 'Too many requests for this business (injected fault). Retry after 1 second.', { retryAfter: 1 });
    if (outcome === '503') throw new SandboxError('unavailable', 'The sandbox is temporarily unavailable (injected fault). Retry later.', { retryAfter: 1 });
    request.sandboxActor = { businessId: business.id, tokenId: token.id, role: token.role };
  };
}

/** The actor the guard attached; handlers only run after it. */
export function actorOf(request: FastifyRequest): ApiActor {
  if (!request.sandboxActor) throw new SandboxError('unauthenticated', 'Send the service token as "Authorization: Bearer <token>".');
  return request.sandboxActor;
}
