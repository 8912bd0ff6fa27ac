import { z } from 'zod';
import type { Api } from '../http/app-types.ts';
import { ApiError, ErrorBody } from '../http/errors.ts';
import type { Viewer } from '../identity/accounts.ts';
import { Order, OrderStatus, type Orders } from './orders.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 410: ErrorBody, 422: ErrorBody, 429: ErrorBody };
const tags = ['order'];
const params = z.object({ id: z.uuid() });

const signedIn = (viewer: Viewer | null): Viewer => {
  if (!viewer) throw new ApiError(401, 'unauthenticated', 'sign in first');
  return viewer;
};

export function orderRoutes(app: Api, orders: Orders): void {
  app.post(
    '/api/orders',
    {
      config: { access: 'customer' },
      schema: {
        tags,
        summary: 'Place an order from a quote; the same Idempotency-Key returns the same order',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).describe('One key per order the customer means to place') }),
        body: z.object({ quoteId: z.uuid() }),
        response: { 200: Order, 201: Order, ...errors },
      },
    },
    async (request, reply) => {
      const { order, replayed } = await orders.place(request.body.quoteId, request.headers['idempotency-key'], signedIn(request.viewer));
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(replayed ? 200 : 201).send(order);
    },
  );

  app.get(
    '/api/orders',
    {
      config: { access: 'customer' },
      schema: {
        tags,
        summary: 'My orders (staff: every order)',
        querystring: z.object({ status: OrderStatus.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(Order), ...errors },
      },
    },
    async (request) => orders.list(signedIn(request.viewer), request.query),
  );

  app.get(
    '/api/orders/:id',
    { config: { access: 'customer' }, schema: { tags, summary: 'An order with its status history', params, response: { 200: Order, ...errors } } },
    async (request) => orders.get(request.params.id, signedIn(request.viewer)),
  );

  app.post(
    '/api/orders/:id/status',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Move an order to its next status (staff)',
        params,
        body: z.object({ status: OrderStatus, note: z.string().max(2000).optional() }),
        response: { 200: Order, ...errors },
      },
    },
    async (request) => orders.advance(request.params.id, request.body.status, request.body.note ?? null, signedIn(request.viewer)),
  );
}
