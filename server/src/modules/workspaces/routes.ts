import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientOf, ctxOf, setSessionCookie } from '../../http/context.ts';
import { problems } from '../../http/schemas.ts';
import type { AuthService } from '../auth/service.ts';
import { email, memberSchema, name, newPassword, toMemberDto } from '../members/dto.ts';
import { toWorkspaceDto, workspaceName, workspaceSchema } from './dto.ts';
import type { WorkspacesService } from './service.ts';

export function workspacesRoutes(deps: { workspaces: WorkspacesService; auth: Pick<AuthService, 'startSession'>; secureCookies: boolean; authLimit: { max: number; timeWindow: string } }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/setup', { config: { public: true }, schema: { tags: ['setup'], summary: 'Whether first-run setup is still needed', response: { 200: z.object({ needsSetup: z.boolean() }) } } }, async () => ({
      needsSetup: await deps.workspaces.needsSetup(),
    }));

    app.post(
      '/setup',
      {
        config: { public: true, rateLimit: deps.authLimit },
        schema: {
          tags: ['setup'],
          summary: 'Create the first workspace and its owner, and sign the owner in',
          body: z.strictObject({ workspaceName, firstName: name, lastName: name, email, password: newPassword }),
          response: { 201: z.object({ member: memberSchema, workspace: workspaceSchema }), ...problems },
        },
      },
      async (request, reply) => {
        const client = clientOf(request);
        const { workspace, owner, session } = await deps.workspaces.setup(request.body, client, (tx, o) => deps.auth.startSession(tx, o, client));
        setSessionCookie(reply, session.token, session.expiresAt, deps.secureCookies);
        return reply.code(201).send({ member: toMemberDto(owner), workspace: toWorkspaceDto(workspace) });
      },
    );

    app.get('/workspace', { schema: { tags: ['workspace'], summary: 'The current workspace', response: { 200: workspaceSchema, ...problems } } }, async (request) => deps.workspaces.get(ctxOf(request)));

    app.patch(
      '/workspace',
      { schema: { tags: ['workspace'], summary: 'Rename the workspace (admins)', body: z.strictObject({ name: workspaceName }), response: { 200: workspaceSchema, ...problems } } },
      async (request) => deps.workspaces.rename(ctxOf(request), request.body.name),
    );
  };
}
