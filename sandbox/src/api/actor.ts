import type { BusinessRole } from '../lib/roles.ts';

/** Who is calling the admin API: one service token, already checked against the path's business. */
export interface ApiActor {
  businessId: string;
  tokenId: string;
  role: BusinessRole;
}
