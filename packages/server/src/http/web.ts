import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build -w @atelier/web` puts the storefront. */
export const webDist = join(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** The embeddable configurator's files (dist/embed): its script and the sample page. */
export const EMBED_PATH = '/embed/';

/**
 * Serves the storefront's built files; any other GET outside /api is a page of the single-page app
 * and gets index.html. Without a build, the API alone is served (and says so at /).
 *
 * /embed/atelier-configurator.js is loaded by pages on other sites: as a module script it is fetched
 * with CORS, so it is readable from any origin (it is public code; what the API lets those sites do
 * is up to ATELIER_EMBED_ORIGINS, see cors.ts). Its address never changes between releases, so it is
 * cached briefly and revalidated by its ETag rather than kept for the storefront's hour.
 */
export async function serveWeb(app: FastifyInstance, root: string = webDist): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: 'index.html',
    cacheControl: true,
    maxAge: '1h',
    setHeaders: (reply) => {
      if (!reply.request.url.startsWith(EMBED_PATH)) return;
      reply.header('cache-control', 'public, max-age=300');
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
    },
  });
  return true;
}

/** A page of the storefront's router (not an API path, not a file). */
export function isPagePath(url: string): boolean {
  const path = url.split('?')[0];
  return !path.startsWith('/api/') && path !== '/api' && !/\.[a-z0-9]+$/i.test(path);
}
