import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { empty, idParams, problems } from '../../http/schemas.ts';
import { accountDetailSchema, accountRoleSchema, accountSchema, accountStatusSchema, customFieldSchema, grantSchema, vaultSchema } from './dto.ts';
import type { AccountsService } from './service.ts';
import type { AccountSharingService } from './sharing.ts';
import type { VaultsService } from './vaults.ts';

const nullableText = (max: number) => z.string().trim().max(max).nullable().optional();
const secretText = (max: number) => z.string().max(max).nullable().optional();

const accountFields = {
  label: z.string().trim().min(1, 'Give the account a label').max(200),
  vaultId: z.uuid().optional(),
  appKey: z.string().regex(/^[a-z0-9_]{1,60}$/).nullable().optional(),
  loginUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
  username: nullableText(320),
  email: z.email().max(254).nullable().optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{4,20}$/, 'Use digits, spaces and an optional leading +').nullable().optional(),
  password: secretText(1000),
  totp: secretText(2000),
  backupCodes: z.array(z.string().max(100)).max(100).nullable().optional(),
  notes: secretText(40_000),
  customFields: z.array(customFieldSchema).max(140).nullable().optional(),
  passwordRules: z.string().max(1000).nullable().optional(),
};
const createBody = z.strictObject(accountFields);
const updateBody = z.strictObject({ ...accountFields, label: accountFields.label.optional() });
const grantParams = z.object({ id: z.uuid(), grantId: z.uuid() });

export function vaultRoutes(deps: { accounts: AccountsService; sharing: AccountSharingService; vaults: VaultsService }): FastifyPluginAsyncZod {
  const { accounts, sharing, vaults } = deps;
  return async (app) => {
    app.get('/vaults', { schema: { tags: ['vault'], summary: 'Vaults of this workspace', response: { 200: z.object({ data: z.array(vaultSchema) }), ...problems } } }, async (request) => ({ data: await vaults.list(ctxOf(request)) }));
    app.post('/vaults', { schema: { tags: ['vault'], summary: 'Create a vault (admins)', body: z.strictObject({ name: z.string().trim().min(1).max(100) }), response: { 201: vaultSchema, ...problems } } }, async (request, reply) =>
      reply.code(201).send(await vaults.create(ctxOf(request), request.body.name)),
    );

    app.get(
      '/accounts',
      { schema: { tags: ['accounts'], summary: 'Accounts shared with you, with your role on each (no secret values)', querystring: z.strictObject({ q: z.string().max(100).optional(), status: accountStatusSchema.optional(), deleted: z.enum(['true', 'false']).optional() }), response: { 200: z.object({ data: z.array(accountSchema) }), ...problems } } },
      async (request) => ({ data: await accounts.list(ctxOf(request), { q: request.query.q, status: request.query.status, deleted: request.query.deleted === 'true' }) }),
    );
    app.post('/accounts', { schema: { tags: ['accounts'], summary: 'Create an account; you become its Owner', body: createBody, response: { 201: accountDetailSchema, ...problems } } }, async (request, reply) =>
      reply.code(201).send(await accounts.create(ctxOf(request), request.body)),
    );
    app.get('/accounts/:id', { schema: { tags: ['accounts'], summary: 'One account; Owners also get notes and custom fields, never the password or seed', params: idParams, response: { 200: accountDetailSchema, ...problems } } }, async (request) =>
      accounts.get(ctxOf(request), request.params.id),
    );
    app.patch('/accounts/:id', { schema: { tags: ['accounts'], summary: 'Edit an account (Owners); a new password becomes a new version', params: idParams, body: updateBody, response: { 200: accountDetailSchema, ...problems } } }, async (request) =>
      accounts.update(ctxOf(request), request.params.id, request.body),
    );
    app.delete('/accounts/:id', { schema: { tags: ['accounts'], summary: 'Move an account to the trash (Owners); restore brings it back', params: idParams, response: { 204: empty, ...problems } } }, async (request, reply) => {
      await accounts.remove(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    });
    app.post('/accounts/:id/restore', { schema: { tags: ['accounts'], summary: 'Restore a deleted account', params: idParams, response: { 200: accountDetailSchema, ...problems } } }, async (request) => accounts.restore(ctxOf(request), request.params.id));
    app.post('/accounts/:id/disable', { schema: { tags: ['accounts'], summary: 'Disable an account', params: idParams, response: { 200: accountDetailSchema, ...problems } } }, async (request) => accounts.setStatus(ctxOf(request), request.params.id, 'disabled'));
    app.post('/accounts/:id/enable', { schema: { tags: ['accounts'], summary: 'Enable an account', params: idParams, response: { 200: accountDetailSchema, ...problems } } }, async (request) => accounts.setStatus(ctxOf(request), request.params.id, 'enabled'));

    app.post(
      '/accounts/:id/password/retrieve',
      { schema: { tags: ['accounts'], summary: 'Show or copy the password (Owners only; audited)', params: idParams, body: z.strictObject({ purpose: z.enum(['show', 'copy']) }), response: { 200: z.object({ password: z.string() }), ...problems } } },
      async (request) => ({ password: await accounts.retrievePassword(ctxOf(request), request.params.id, request.body.purpose) }),
    );
    app.post('/accounts/:id/backup-codes/retrieve', { schema: { tags: ['accounts'], summary: 'Backup codes (Owners only; audited)', params: idParams, response: { 200: z.object({ codes: z.array(z.string()) }), ...problems } } }, async (request) => ({
      codes: await accounts.retrieveBackupCodes(ctxOf(request), request.params.id),
    }));
    app.get(
      '/accounts/:id/totp-code',
      { schema: { tags: ['accounts'], summary: 'The current TOTP code and seconds left (Owners and Collaborators; audited). The seed never leaves the server', params: idParams, response: { 200: z.object({ code: z.string(), secondsLeft: z.number().int(), period: z.number().int(), digits: z.number().int() }), ...problems } } },
      async (request) => accounts.totpCode(ctxOf(request), request.params.id),
    );
    app.post('/accounts/:id/totp/export', { schema: { tags: ['accounts'], summary: 'Export the TOTP seed (Owners only; audited)', params: idParams, response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }), ...problems } } }, async (request) =>
      accounts.exportTotp(ctxOf(request), request.params.id),
    );

    app.get('/accounts/:id/grants', { schema: { tags: ['accounts'], summary: 'Who has access (Owners)', params: idParams, response: { 200: z.object({ data: z.array(grantSchema) }), ...problems } } }, async (request) => ({
      data: await sharing.list(ctxOf(request), request.params.id),
    }));
    app.post(
      '/accounts/:id/grants',
      { schema: { tags: ['accounts'], summary: 'Share with a member or team as Owner or Collaborator', params: idParams, body: z.strictObject({ subjectType: z.enum(['user', 'team']), subjectId: z.uuid(), role: accountRoleSchema }), response: { 201: grantSchema, ...problems } } },
      async (request, reply) => reply.code(201).send(await sharing.share(ctxOf(request), request.params.id, request.body)),
    );
    app.patch('/accounts/:id/grants/:grantId', { schema: { tags: ['accounts'], summary: "Change a grant's role", params: grantParams, body: z.strictObject({ role: accountRoleSchema }), response: { 200: grantSchema, ...problems } } }, async (request) =>
      sharing.changeRole(ctxOf(request), request.params.id, request.params.grantId, request.body.role),
    );
    app.delete('/accounts/:id/grants/:grantId', { schema: { tags: ['accounts'], summary: 'Revoke a grant', params: grantParams, response: { 204: empty, ...problems } } }, async (request, reply) => {
      await sharing.revoke(ctxOf(request), request.params.id, request.params.grantId);
      return reply.code(204).send(null);
    });
  };
}
