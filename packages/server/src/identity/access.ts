import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../http/errors.ts';
import type { Accounts, Role, Viewer } from './accounts.ts';

/** Who may call a route: anybody, any signed-in account, staff (and admins), or admins only. */
export type Access = 'public' | 'customer' | 'staff' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    viewer: Viewer | null;
  }
}

export const SESSION_COOKIE = 'atelier_session';
export const CSRF_COOKIE = 'atelier_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const rank: Record<Role, number> = { customer: 1, staff: 2, admin: 3 };
const needed: Record<Access, number> = { public: 0, customer: 1, staff: 2, admin: 3 };

export function isStaff(viewer: Viewer | null): boolean {
  return viewer !== null && rank[viewer.user.role] >= rank.staff;
}

/** The token of an `Authorization: Bearer …` header; any other scheme (a proxy's Basic) is none. */
export function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

const unsafe = (method: string): boolean => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/**
 * Reads the session (cookie or bearer token) of every request, then enforces the route's declared
 * access and — for cookie sessions — the CSRF header on every write, so no route can forget either.
 */
export function installAccess(app: FastifyInstance, accounts: Accounts): void {
  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const fromHeader = bearer(request);
    const token = fromHeader ?? request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await accounts.sessionFor(token);
      if (session) request.viewer = { ...session, via: fromHeader ? 'bearer' : 'cookie' };
      else if (fromHeader) throw new ApiError(401, 'bad-token', 'the bearer token is unknown or expired');
    }
    const viewer = request.viewer;
    // A cookie comes with every request the browser makes, including ones another site triggers.
    if (viewer?.via === 'cookie' && unsafe(request.method) && request.headers[CSRF_HEADER] !== viewer.csrfToken) {
      throw new ApiError(403, 'csrf', `writes with a session cookie need the ${CSRF_HEADER} header of the session`);
    }
    const access = request.routeOptions.config.access ?? 'public';
    if (needed[access] === 0) return;
    if (!viewer) throw new ApiError(401, 'unauthenticated', 'sign in first');
    if (rank[viewer.user.role] < needed[access]) throw new ApiError(403, 'forbidden', `this needs the ${access} role`);
  });
}
