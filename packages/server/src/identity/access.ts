import type { SwaggerTransform } from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
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
  /** The route's declared access and, for cookie sessions, the CSRF header on every write; throws the refusal. */
  const admit = (request: FastifyRequest): void => {
    const viewer = request.viewer;
    // A cookie comes with every request the browser makes, including ones another site triggers.
    if (viewer?.via === 'cookie' && unsafe(request.method) && request.headers[CSRF_HEADER] !== viewer.csrfToken) {
      throw new ApiError(403, 'csrf', `writes with a session cookie need the ${CSRF_HEADER} header of the session`);
    }
    const access = request.routeOptions.config.access ?? 'public';
    if (needed[access] === 0) return;
    if (!viewer) throw new ApiError(401, 'unauthenticated', 'sign in first');
    if (rank[viewer.user.role] < needed[access]) throw new ApiError(403, 'forbidden', `this needs the ${access} role`);
  };
  // A callback hook, not an async one: an anonymous request (most of the configurator's) is checked
  // in the same turn, without the promise and the extra ticks an async hook costs every request.
  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const fromHeader = bearer(request);
    const token = fromHeader ?? request.cookies[SESSION_COOKIE];
    if (!token) {
      try {
        admit(request);
      } catch (error) {
        done(error as Error);
        return;
      }
      done();
      return;
    }
    accounts
      .sessionFor(token)
      .then((session) => {
        if (session) request.viewer = { ...session, via: fromHeader ? 'bearer' : 'cookie' };
        else if (fromHeader) throw new ApiError(401, 'bad-token', 'the bearer token is unknown or expired');
        admit(request);
      })
      .then(
        () => done(),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
  });
}

const whoMay: Record<Access, string> = {
  public: 'anybody, signed in or not',
  customer: 'any signed-in account (a customer sees only their own)',
  staff: 'staff and admins',
  admin: 'admins only',
};

/**
 * Wraps the OpenAPI route transform so the document says what the access hook enforces: each
 * operation's `security` (none for public routes) and who may call it, from the same `config.access`.
 */
export function documentAccess<S extends FastifySchema>(transform: SwaggerTransform<S>): SwaggerTransform<S> {
  return (input) => {
    const out = transform(input);
    const access: Access = (input.route.config as { access?: Access } | undefined)?.access ?? 'public';
    const schema: FastifySchema & { description?: string } = out.schema;
    const security: Record<string, string[]>[] = access === 'public' ? [] : [{ session: [] }, { bearer: [] }];
    const methods = [input.route.method].flat();
    const csrf = methods.some(unsafe) ? ` With a session cookie, send the session's ${CSRF_HEADER} header.` : '';
    const note = `Access: ${whoMay[access]}.${csrf}`;
    return {
      ...out,
      schema: {
        ...schema,
        description: schema.description ? `${schema.description}\n\n${note}` : note,
        security,
      },
    };
  };
}
