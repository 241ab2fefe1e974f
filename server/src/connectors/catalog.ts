import { readFileSync } from 'node:fs';
import { AppError } from '../lib/errors.ts';
import { appManifestSchema } from './manifest-schema.ts';
import type { AppManifest, Connector } from './types.ts';

/** Manifests are data: adding an app is a folder with a manifest.json and a connector. */
export function loadManifest(app: string): AppManifest {
  return appManifestSchema.parse(JSON.parse(readFileSync(new URL(`./${app}/manifest.json`, import.meta.url), 'utf8')));
}

export interface Catalog {
  list(): AppManifest[];
  connector(appKey: string): Connector;
}

export function createCatalog(connectors: Connector[]): Catalog {
  const byKey = new Map(connectors.map((c) => [c.manifest.key, c]));
  return {
    list: () => connectors.map((c) => c.manifest),
    connector(appKey) {
      const c = byKey.get(appKey);
      if (!c) throw new AppError('validation_failed', `No connector for the app "${appKey}" is installed.`, { errors: [{ pointer: '/appKey', message: 'unknown app' }] });
      return c;
    },
  };
}
