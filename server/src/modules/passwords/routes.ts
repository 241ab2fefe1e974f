import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../../http/schemas.ts';
import { cryptoRandom } from '../../lib/random.ts';
import { DEFAULT_PASSWORD_RULES_TEXT, generatePassword, parsePasswordRules } from '../../lib/password-rules/index.ts';

/** Generates passwords that satisfy an Apple password-rules string (the app's, or Latchkey's default). */
export function passwordsRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/passwords/generate',
      {
        schema: {
          tags: ['passwords'],
          summary: 'Generate passwords that satisfy a password-rules string',
          body: z.strictObject({ rules: z.string().max(1000).optional(), length: z.number().int().min(4).max(256).optional(), count: z.number().int().min(1).max(1000).default(1) }),
          response: { 200: z.object({ passwords: z.array(z.string()), rules: z.string() }), ...problems },
        },
      },
      async (request) => {
        const text = request.body.rules?.trim() || DEFAULT_PASSWORD_RULES_TEXT;
        const rules = parsePasswordRules(text);
        const length = request.body.length;
        const passwords = Array.from({ length: request.body.count }, () => generatePassword(rules, { random: cryptoRandom, ...(length !== undefined ? { length } : {}) }));
        return { passwords, rules: text };
      },
    );
  };
}
