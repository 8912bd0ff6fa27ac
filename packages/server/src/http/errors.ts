import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isPagePath } from './web.ts';

/** Every 4xx and 5xx body: a stable machine-readable `code`, words for people, and details. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A request the API refuses, with the reason the client gets. Services throw it; the handler maps it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not-found', `${what} not found`);

function body(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Fastify's own client errors (bad JSON, wrong content type, body too large) keep their 4xx status. */
function fastifyCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported-media-type';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body-too-large';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'invalid-json';
    default:
      return 'bad-request';
  }
}

/** `pages`: the storefront is served, so unknown page paths are its routes. */
export function installErrorHandlers(app: FastifyInstance, pages = false): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.status).send(body(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'invalid',
      }));
      const first = issues[0];
      return reply
        .code(400)
        .send(body('invalid-request', first ? `${first.path}: ${first.message}` : 'invalid request', { issues }));
    }
    if (error.statusCode === 429) {
      return reply.code(429).send(body('rate-limited', error.message));
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      if (error instanceof SyntaxError) return reply.code(400).send(body('invalid-json', error.message));
      return reply.code(error.statusCode).send(body(fastifyCode(error), error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(body('internal', 'the server could not complete the request'));
  });
  app.setNotFoundHandler((request, reply) => {
    if (pages && request.method === 'GET' && isPagePath(request.url)) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send(body('no-route', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
