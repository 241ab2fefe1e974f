import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AssetsService } from '../businesses/assets-service.ts';
import type { BusinessesService } from '../businesses/service.ts';
import type { InvitesService } from '../invites/service.ts';
import type { MemberRow } from '../members/repo.ts';
import type { MembersService } from '../members/service.ts';
import { actorOf } from './guard.ts';
import { problemSchema } from '../../../server/src/http/schemas.ts';
import { assetGrantSchema, assetRoleSchema, assetSchema, businessParams, businessSchema, email, inviteResultSchema, inviteSchema, memberSchema, pageQuery, pageSchema, problems, role } from './schemas.ts';

const memberParams = businessParams.extend({ memberId: z.uuid() });
const inviteParams = businessParams.extend({ inviteId: z.uuid() });
const assetRoleParams = businessParams.extend({ assetId: z.uuid(), memberId: z.uuid() });
const noContent = z.null().describe('No content');
const security = [{ serviceToken: [] }];
/** Unknown query parameters are refused rather than ignored, so a typo never passes silently. */
const noQuery = z.strictObject({});

function toMember(m: MemberRow): z.infer<typeof memberSchema> {
  return { id: m.userId, email: m.email, role: m.role, twoFactor: m.totpEnabled ? 'TOTP' : 'SMS', joinedAt: m.createdAt };
}

/** The admin API under /api/v1/businesses/{businessId}; `apiGuard` has authenticated every request first. */
export function adminApiRoutes(deps: { businesses: BusinessesService; members: MembersService; invites: InvitesService; assets: AssetsService }): FastifyPluginAsyncZod {
  const { businesses, members, invites, assets } = deps;
  return async (app) => {
    app.get(
      '/',
      { schema: { tags: ['business'], security, summary: 'The business: seats, published password rule, invite lifetime', params: businessParams, querystring: noQuery, response: { 200: businessSchema, ...problems } } },
      async (request) => {
        const b = await businesses.get(actorOf(request).businessId);
        return { id: b.id, name: b.name, seatLimit: b.seatLimit, seatsUsed: await businesses.seatsUsed(b.id), passwordRules: b.passwordRules, inviteTtlHours: b.inviteTtlHours };
      },
    );

    app.get(
      '/members',
      { schema: { tags: ['members'], security, summary: 'List members, oldest first', params: businessParams, querystring: z.strictObject(pageQuery), response: { 200: z.object({ data: z.array(memberSchema), page: pageSchema }), ...problems } } },
      async (request) => {
        const r = await members.list(actorOf(request), request.query.limit, request.query.cursor);
        return { data: r.data.map(toMember), page: { nextCursor: r.nextCursor } };
      },
    );

    app.patch(
      '/members/:memberId',
      { schema: { tags: ['members'], security, summary: "Change a member's role", params: memberParams, body: z.strictObject({ role }), response: { 200: memberSchema, ...problems } } },
      async (request) => toMember(await members.updateRole(actorOf(request), request.params.memberId, request.body.role)),
    );

    app.delete(
      '/members/:memberId',
      { schema: { tags: ['members'], security, summary: 'Remove a member; also cancels a pending invite for their email', params: memberParams, response: { 200: z.object({ removed: z.literal(true), cancelledInvites: z.number().int() }), ...problems } } },
      async (request) => ({ removed: true as const, ...(await members.remove(actorOf(request), request.params.memberId)) }),
    );

    app.get(
      '/invites',
      {
        schema: {
          tags: ['invites'],
          security,
          summary: 'List invites with status and expiry (default: OPEN = pending, including expired ones)',
          params: businessParams,
          querystring: z.strictObject({ status: z.enum(['OPEN', 'PENDING', 'EXPIRED', 'ACCEPTED', 'CANCELLED', 'ALL']).default('OPEN'), ...pageQuery }),
          response: { 200: z.object({ data: z.array(inviteSchema), page: pageSchema }), ...problems },
        },
      },
      async (request) => {
        const r = await invites.list(actorOf(request), request.query.status, request.query.limit, request.query.cursor);
        return { data: r.data, page: { nextCursor: r.nextCursor } };
      },
    );

    app.post(
      '/invites',
      {
        schema: {
          tags: ['invites'],
          security,
          summary: 'Invite up to 50 people; one result per recipient, in order',
          description: 'People who are already members or already invited are reported, not invited again. An expired invite is renewed (REINVITED). The batch is all-or-nothing on seats: `seat_limit_reached` (409) means nobody was invited.',
          params: businessParams,
          body: z.strictObject({ invites: z.array(z.strictObject({ email, role, assetGrants: z.array(assetGrantSchema).max(50).optional() })).min(1).max(50) }),
          response: { 200: z.object({ results: z.array(inviteResultSchema) }), 409: problemSchema.describe('seat_limit_reached: nobody was invited'), ...problems },
        },
      },
      async (request) => ({ results: await invites.inviteBatch(actorOf(request), request.body.invites) }),
    );

    app.post(
      '/invites/:inviteId/resend',
      { schema: { tags: ['invites'], security, summary: 'Send the invite again with a new link and a new expiry', params: inviteParams, response: { 200: inviteSchema, 409: problemSchema.describe('invite_not_open or seat_limit_reached'), ...problems } } },
      async (request) => invites.resend(actorOf(request), request.params.inviteId),
    );

    app.delete(
      '/invites/:inviteId',
      { schema: { tags: ['invites'], security, summary: 'Cancel a pending invite; its link stops working', params: inviteParams, response: { 200: inviteSchema, 409: problemSchema.describe('invite_not_open'), ...problems } } },
      async (request) => invites.cancel(actorOf(request), request.params.inviteId),
    );

    app.get(
      '/assets',
      { schema: { tags: ['assets'], security, summary: 'List ad accounts and pages with who holds which role', params: businessParams, querystring: noQuery, response: { 200: z.object({ data: z.array(assetSchema) }), ...problems } } },
      async (request) => ({ data: (await assets.list(actorOf(request))).map(({ businessId: _b, createdAt: _c, ...a }) => a) }),
    );

    app.put(
      '/assets/:assetId/roles/:memberId',
      {
        schema: {
          tags: ['assets'],
          security,
          summary: "Assign (or replace) a member's role on an asset",
          description: 'FULL grants every permission of the asset kind; PARTIAL needs a list. AD_ACCOUNT: VIEW_PERFORMANCE, MANAGE_CAMPAIGNS, MANAGE_BILLING. PAGE: VIEW_INSIGHTS, CREATE_CONTENT, MODERATE, MANAGE_PAGE.',
          params: assetRoleParams,
          body: assetGrantSchema.omit({ assetId: true }),
          response: { 200: assetRoleSchema, ...problems },
        },
      },
      async (request) => {
        const { userId, access, permissions } = await assets.assign(actorOf(request), request.params.assetId, request.params.memberId, request.body);
        return { userId, access, permissions };
      },
    );

    app.delete(
      '/assets/:assetId/roles/:memberId',
      { schema: { tags: ['assets'], security, summary: "Remove a member's role on an asset", params: assetRoleParams, response: { 204: noContent, ...problems } } },
      async (request, reply) => {
        await assets.unassign(actorOf(request), request.params.assetId, request.params.memberId);
        return reply.code(204).send(null);
      },
    );
  };
}
