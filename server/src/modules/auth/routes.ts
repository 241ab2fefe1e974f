import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, clientOf, ctxOf, setSessionCookie } from '../../http/context.ts';
import { empty, problems } from '../../http/schemas.ts';
import { email, memberSchema, name, newPassword, toMemberDto } from '../members/dto.ts';
import { toWorkspaceDto, workspaceSchema } from '../workspaces/dto.ts';
import type { AuthService } from './service.ts';

const signedIn = z.object({ member: memberSchema, workspace: workspaceSchema });
const token = z.string().min(20).max(200);
/**
 * `authLimit` is a per-IP limit on top of the per-email lock in the service: it stops one client
 * spraying guesses across many emails.
 */
export function authRoutes(deps: { auth: AuthService; secureCookies: boolean; authLimit: { max: number; timeWindow: string } }): FastifyPluginAsyncZod {
  const { auth, authLimit } = deps;
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { public: true, rateLimit: authLimit },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password (and a TOTP code when two-factor is on)',
          body: z.strictObject({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(256), totpCode: z.string().max(10).optional(), workspace: z.string().max(60).optional() }),
          response: { 200: signedIn, ...problems },
        },
      },
      async (request, reply) => {
        const s = await auth.login(request.body, clientOf(request));
        setSessionCookie(reply, s.token, s.expiresAt, deps.secureCookies);
        return { member: toMemberDto(s.member), workspace: toWorkspaceDto(s.workspace) };
      },
    );

    app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out and end this session', response: { 204: empty, ...problems } } }, async (request, reply) => {
      await auth.logout(ctxOf(request));
      clearSessionCookie(reply, deps.secureCookies);
      return reply.code(204).send(null);
    });

    app.get('/auth/session', { schema: { tags: ['auth'], summary: 'The signed-in member and workspace', response: { 200: signedIn, ...problems } } }, async (request) => {
      const s = await auth.session(ctxOf(request));
      return { member: toMemberDto(s.member), workspace: toWorkspaceDto(s.workspace) };
    });

    app.post('/auth/totp/setup', { schema: { tags: ['auth'], summary: 'Start setting up an authenticator app for your own sign-in', response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }), ...problems } } }, async (request) =>
      auth.beginTotpSetup(ctxOf(request)),
    );

    app.post(
      '/auth/totp/enable',
      { schema: { tags: ['auth'], summary: 'Confirm the authenticator with a current code', body: z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code') }), response: { 204: empty, ...problems } } },
      async (request, reply) => {
        await auth.enableTotp(ctxOf(request), request.body.code);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/totp/disable',
      { schema: { tags: ['auth'], summary: 'Turn off two-factor sign-in (needs your password)', body: z.strictObject({ password: z.string().min(1).max(256) }), response: { 204: empty, ...problems } } },
      async (request, reply) => {
        await auth.disableTotp(ctxOf(request), request.body.password);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/password-reset',
      {
        config: { public: true, rateLimit: authLimit },
        schema: { tags: ['auth'], summary: 'Email a password-reset link (always 202, so member emails cannot be discovered)', body: z.strictObject({ email, workspace: z.string().max(60).optional() }), response: { 202: z.object({ accepted: z.literal(true) }), ...problems } },
      },
      async (request, reply) => {
        await auth.requestPasswordReset(request.body.email, request.body.workspace, clientOf(request));
        return reply.code(202).send({ accepted: true });
      },
    );

    app.post(
      '/auth/password-reset/confirm',
      { config: { public: true, rateLimit: authLimit }, schema: { tags: ['auth'], summary: 'Set a new password with a reset token', body: z.strictObject({ token, password: newPassword }), response: { 204: empty, ...problems } } },
      async (request, reply) => {
        await auth.confirmPasswordReset(request.body.token, request.body.password, clientOf(request));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/invitations/inspect',
      {
        config: { public: true, rateLimit: authLimit },
        schema: {
          tags: ['auth'],
          summary: 'Who an invitation is for (the token travels in the body, never the URL)',
          body: z.strictObject({ token }),
          response: { 200: z.object({ email: z.string(), firstName: z.string(), lastName: z.string(), workspaceName: z.string(), expiresAt: z.date() }), ...problems },
        },
      },
      async (request) => auth.inspectInvitation(request.body.token),
    );

    app.post(
      '/invitations/accept',
      { config: { public: true, rateLimit: authLimit }, schema: { tags: ['auth'], summary: 'Accept an invitation: set a password and sign in', body: z.strictObject({ token, password: newPassword, firstName: name.optional(), lastName: name.optional() }), response: { 200: signedIn, ...problems } } },
      async (request, reply) => {
        const s = await auth.acceptInvitation(request.body, clientOf(request));
        setSessionCookie(reply, s.token, s.expiresAt, deps.secureCookies);
        return { member: toMemberDto(s.member), workspace: toWorkspaceDto(s.workspace) };
      },
    );
  };
}
