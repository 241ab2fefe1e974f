import { z } from 'zod';

/** RFC 9457 problem document; extension members (errors, workspaces, retryAfter) pass through. */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  code: z.string(),
});

/** Every route may answer these; declaring them keeps the OpenAPI document honest. */
export const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  410: problemSchema,
  429: problemSchema,
} as const;

export const idParams = z.object({ id: z.uuid() });
export const empty = z.null().describe('No content');
