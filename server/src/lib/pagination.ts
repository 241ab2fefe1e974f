import { z } from 'zod';
import { AppError } from './errors.ts';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};

export const pageSchema = z.object({ nextCursor: z.string().nullable() });

/** An opaque cursor over a (createdAt, id) or (seq) order. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string' || typeof p === 'number')) return parts;
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'The cursor is not valid. Start again without a cursor.', {
    errors: [{ pointer: '/query/cursor', message: 'invalid cursor' }],
  });
}
