import { z } from 'zod';
import type { WorkspaceRow } from './repo.ts';

export const workspaceSchema = z.object({ id: z.uuid(), name: z.string(), slug: z.string() });
export type WorkspaceDto = z.infer<typeof workspaceSchema>;

export function toWorkspaceDto(w: WorkspaceRow): WorkspaceDto {
  return { id: w.id, name: w.name, slug: w.slug };
}

export const workspaceName = z.string().trim().min(1, 'Give the workspace a name').max(100);
