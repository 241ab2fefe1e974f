import type { FastifyInstance } from 'fastify';

export interface RouteInfo {
  method: string;
  path: string;
  bodySchema: { properties?: Record<string, PropertySchema>; required?: string[] } | null;
}

export interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  maxLength?: number;
  anyOf?: PropertySchema[];
}

/** The declared maximum length of a string property, looking through nullable unions. */
export function maxLengthOf(p: PropertySchema): number | undefined {
  if (typeof p.maxLength === 'number') return p.maxLength;
  return p.anyOf?.map(maxLengthOf).find((n) => n !== undefined);
}

/** Every API operation the OpenAPI document declares, so route-wide tests cannot miss a new route. */
export function apiRoutes(app: FastifyInstance): RouteInfo[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: RouteInfo['bodySchema'] }> } }>> };
  const out: RouteInfo[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      out.push({ method: method.toUpperCase(), path, bodySchema: op.requestBody?.content?.['application/json']?.schema ?? null });
    }
  }
  return out;
}

export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (!v) throw new Error(`no value for path parameter ${name} in ${path}`);
    return v;
  });
}
