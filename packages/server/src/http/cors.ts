import type { FastifyInstance, FastifyReply } from 'fastify';

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

/** Adds `Origin` to the answer's Vary header: caches must not hand one origin's answer to another. */
function varyOnOrigin(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  if (vary === undefined) {
    reply.header('vary', 'Origin');
    return;
  }
  const fields = String(vary);
  if (fields === '*' || fields.split(',').some((f) => f.trim().toLowerCase() === 'origin')) return;
  reply.header('vary', `${fields}, Origin`);
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
 * A hook of its own rather than @fastify/cors with a per-request options delegator: the plugin then
 * rebuilt and merged its options objects on every request, cross-origin or not (up to 2 % of the
 * server's time on the configurator step). Here a request without an allowed Origin costs one header.
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
  const methodsOf = (url: string): string[] => {
    const path = url.split('?')[0];
    return [...new Set(open.filter((r) => r.path.test(path)).map((r) => r.method))];
  };

  app.addHook('onRequest', (request, reply, done) => {
    // Every answer may differ by Origin (CORS headers or not), whether this request had one or not.
    varyOnOrigin(reply);
    const origin = request.headers.origin;
    if (origin === undefined || !(anyOrigin || origins.includes(origin))) return done();
    const preflight = request.method === 'OPTIONS';
    const asked = preflight ? request.headers['access-control-request-method'] : request.method;
    if (typeof asked !== 'string') return done();
    const methods = methodsOf(request.url);
    if (!methods.includes(asked.toUpperCase())) return done();
    reply.header('access-control-allow-origin', anyOrigin ? '*' : origin);
    if (!preflight) return done();
    reply.header('access-control-allow-methods', methods.join(', '));
    reply.header('access-control-allow-headers', 'content-type, accept');
    // Browsers cap it (Chromium at two hours); ten minutes spares most preflights.
    reply.header('access-control-max-age', '600');
    // Safari waits for a body on a 204 without a length.
    reply.code(204).header('content-length', '0').send();
  });

  // Lets OPTIONS reach the hook on every path; a preflight the hook did not answer is refused.
  app.options('*', { schema: { hide: true } }, (_request, reply) => {
    reply.callNotFound();
  });
}
