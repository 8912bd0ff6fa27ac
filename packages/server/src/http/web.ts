import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build -w @atelier/web` puts the storefront. */
export const webDist = join(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/**
 * Serves the storefront's built files; any other GET outside /api is a page of the single-page app
 * and gets index.html. Without a build, the API alone is served (and says so at /).
 */
export async function serveWeb(app: FastifyInstance, root: string = webDist): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, wildcard: false, index: 'index.html', cacheControl: true, maxAge: '1h' });
  return true;
}

/** A page of the storefront's router (not an API path, not a file). */
export function isPagePath(url: string): boolean {
  const path = url.split('?')[0];
  return !path.startsWith('/api/') && path !== '/api' && !/\.[a-z0-9]+$/i.test(path);
}
