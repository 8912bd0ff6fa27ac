import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Api, Limits } from '../http/app-types.ts';
import { ApiError, ErrorBody } from '../http/errors.ts';
import { Role, User, type Accounts, type SignedIn } from './accounts.ts';
import { bearer, CSRF_COOKIE, SESSION_COOKIE } from './access.ts';

const Credentials = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
  /** API clients (not browsers) ask for the session token in the body, to send as a bearer header. */
  bearer: z.boolean().optional(),
});
const SignUp = Credentials.extend({
  name: z.string().trim().min(1).max(200),
  password: z.string().min(8, 'at least 8 characters').max(1024),
});
const Session = z
  .object({ user: User, csrfToken: z.string(), token: z.string().optional() })
  .meta({ id: 'AuthSession' });

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

export function identityRoutes(app: Api, accounts: Accounts, options: { limits: Limits; secureCookies: boolean }): void {
  const setCookies = (reply: FastifyReply, s: SignedIn): void => {
    const common = { path: '/', sameSite: 'lax' as const, secure: options.secureCookies, expires: s.expiresAt };
    reply.setCookie(SESSION_COOKIE, s.token, { ...common, httpOnly: true });
    // Readable by the page's script, which echoes it in the CSRF header; useless to another site.
    reply.setCookie(CSRF_COOKIE, s.csrfToken, { ...common, httpOnly: false });
  };
  const answer = (s: SignedIn, bearer: boolean | undefined): z.infer<typeof Session> =>
    bearer ? { user: s.user, csrfToken: s.csrfToken, token: s.token } : { user: s.user, csrfToken: s.csrfToken };
  const signInLimit = { rateLimit: { max: options.limits.signInPerMinute, timeWindow: 60_000 } };

  app.post(
    '/api/auth/signup',
    {
      config: { access: 'public', ...signInLimit },
      schema: { tags: ['identity'], summary: 'Create a customer account and sign in', body: SignUp, response: { 201: Session, ...errors } },
    },
    async (request, reply) => {
      const user = await accounts.signUp(request.body);
      const session = await accounts.openSession(user);
      setCookies(reply, session);
      return reply.code(201).send(answer(session, request.body.bearer));
    },
  );

  app.post(
    '/api/auth/signin',
    {
      config: { access: 'public', ...signInLimit },
      schema: { tags: ['identity'], summary: 'Sign in with e-mail and password', body: Credentials, response: { 200: Session, ...errors } },
    },
    async (request, reply) => {
      const session = await accounts.signIn(request.body.email, request.body.password);
      setCookies(reply, session);
      return answer(session, request.body.bearer);
    },
  );

  app.post(
    '/api/auth/signout',
    { config: { access: 'customer' }, schema: { tags: ['identity'], summary: 'End this session', response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      // The session this request came with: a bearer token, else the cookie (not just any Authorization header).
      const token = bearer(request) ?? request.cookies[SESSION_COOKIE];
      if (token) await accounts.signOut(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { config: { access: 'customer' }, schema: { tags: ['identity'], summary: 'The signed-in account', response: { 200: Session, ...errors } } },
    async (request) => {
      const viewer = request.viewer;
      if (!viewer) throw new ApiError(401, 'unauthenticated', 'sign in first');
      return { user: viewer.user, csrfToken: viewer.csrfToken };
    },
  );

  app.get(
    '/api/users',
    { config: { access: 'admin' }, schema: { tags: ['identity'], summary: 'Every account (admin)', response: { 200: z.array(User), ...errors } } },
    async () => accounts.list(),
  );

  app.put(
    '/api/users/:id/role',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['identity'],
        summary: "Change an account's role (admin)",
        params: z.object({ id: z.uuid() }),
        body: z.object({ role: Role }),
        response: { 200: User, ...errors },
      },
    },
    async (request) => accounts.setRole(request.params.id, request.body.role),
  );
}
