import type { ApiError } from '../../api/api-error.ts';
import type { WorkspaceChoice } from '../../api/types.ts';

/** Reads `workspaces: [{slug, name}]` from a 409 `workspace_required` problem. */
export function workspaceChoices(error: ApiError): WorkspaceChoice[] {
  const raw = error.extensions['workspaces'];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { slug, name } = item as Record<string, unknown>;
    if (typeof slug !== 'string') return [];
    return [{ slug, name: typeof name === 'string' && name ? name : slug }];
  });
}
