import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Where a configurator hosted on another site (<atelier-configurator>) reads and writes: the
 * catalogue, anonymous configuration sessions, quotes and shared designs. Of these, only routes
 * declared `access: 'public'` are opened; accounts, designs, orders and staff routes never are.
 */
const EMBED_PREFIXES = ['/api/products', '/api/configurations', '/api/quotes', '/api/shared'];

/** The origins allowed to host the configurator: exact `scheme://host[:port]` strings, or '*' for any. */
export type EmbedOrigins = readonly string[];

interface OpenRoute {
  method: string;
  path: RegExp;
}

/** `/api/products/:id/versions/:version/source` as a pattern for request paths; null for wildcard or regex routes. */
function pathPattern(url: string): RegExp | null {
  if (/[*(]/.test(url)) return null;
  const source = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * Cross-origin requests for the embeddable configurator. A page on an allowed origin may call the
 * public embed routes with the methods those routes have; every other cross-origin request gets no
 * CORS headers, and its preflight is refused (404).
 *
 * What it never weakens: `Access-Control-Allow-Credentials` is never sent, so a browser neither sends
 * the shop's cookies with such a request nor lets the page read an answer made with them; the only
 * request headers allowed are `content-type` and `accept` — not `x-csrf-token` or `authorization` — so
 * a cross-origin request never carries a session and the CSRF check (identity/access.ts) is untouched.
 * Same-origin requests do not use CORS and are unaffected.
 *
 * Must be registered before the routes (it learns them as they are added) and before the access hook
 * (a preflight is answered before any check of who is asking).
 */
export async function allowEmbedding(app: FastifyInstance, origins: EmbedOrigins): Promise<void> {
  const open: OpenRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (route.config?.access !== 'public') return;
    if (!EMBED_PREFIXES.some((prefix) => route.url === prefix || route.url.startsWith(`${prefix}/`))) return;
    const path = pathPattern(route.url);
    if (!path) return;
    for (const method of [route.method].flat()) open.push({ method: method.toUpperCase(), path });
  });

  const anyOrigin = origins.includes('*');
  const allowed = (origin: string | undefined): origin is string => origin !== undefined && (anyOrigin || origins.includes(origin));

  const optionsFor = (request: FastifyRequest) => {
    const origin = request.headers.origin;
    if (!allowed(origin)) return { origin: false as const };
    const path = request.url.split('?')[0];
    const methods = [...new Set(open.filter((r) => r.path.test(path)).map((r) => r.method))];
    const asked = request.method === 'OPTIONS' ? request.headers['access-control-request-method'] : request.method;
    if (typeof asked !== 'string' || !methods.includes(asked.toUpperCase())) return { origin: false as const };
    return {
      origin: anyOrigin ? '*' : origin,
      methods,
      allowedHeaders: ['content-type', 'accept'],
      credentials: false,
      // Browsers cap it (Chromium at two hours); ten minutes spares most preflights.
      maxAge: 600,
    };
  };

  await app.register(cors, { delegator: (request, callback) => callback(null, optionsFor(request)) });
}
