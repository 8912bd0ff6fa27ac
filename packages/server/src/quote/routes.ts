import { z } from 'zod';
import { Choice, Texts } from '../configurator/state.ts';
import type { Api } from '../http/app-types.ts';
import { ApiError, ErrorBody } from '../http/errors.ts';
import { Quote, type Quotes } from './quotes.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody };
const tags = ['quote'];

export function quoteRoutes(app: Api, quotes: Quotes): void {
  app.post(
    '/api/quotes',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Quote a complete configuration: a session, or choices made in the browser (re-validated here)',
        body: z.union([
          z.object({ configurationId: z.uuid() }),
          z.object({
            productId: z.string().min(1).max(64),
            version: z.number().int().positive().max(2_147_483_647).optional(),
            choices: z.array(Choice).max(10_000),
            texts: Texts.optional(),
          }),
        ]),
        response: { 201: Quote, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await quotes.create(request.body, request.viewer)),
  );

  app.get(
    '/api/quotes',
    { config: { access: 'customer' }, schema: { tags, summary: 'My quotes (staff: all)', response: { 200: z.array(Quote), ...errors } } },
    async (request) => {
      if (!request.viewer) throw new ApiError(401, 'unauthenticated', 'sign in first');
      return quotes.list(request.viewer);
    },
  );

  app.get(
    '/api/quotes/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'A quote', params: z.object({ id: z.uuid() }), response: { 200: Quote, ...errors } } },
    async (request) => quotes.get(request.params.id, request.viewer),
  );
}
