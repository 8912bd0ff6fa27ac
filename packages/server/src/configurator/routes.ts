import { z } from 'zod';
import { JsonValue } from '../catalog/definition.ts';
import type { Api, Limits } from '../http/app-types.ts';
import { ApiError, ErrorBody } from '../http/errors.ts';
import type { Configurator } from './configurator.ts';
import { Design, type Designs } from './designs.ts';
import { Choice, ConfigurationState, ExplanationBody, RepairBody, Texts } from './state.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody };
const tags = ['configurator'];
const params = z.object({ id: z.uuid() });
const Pick = z.object({ variable: z.string().min(1).max(200), value: JsonValue });
/** `value` in a query string is JSON when it parses (numbers, true, null), text otherwise. */
const PickQuery = z.object({
  variable: z.string().min(1).max(200),
  value: z.string().max(1000).transform((raw): string | number | boolean | null => {
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'string' || typeof parsed === 'number' || typeof parsed === 'boolean' || parsed === null ? parsed : raw;
    } catch {
      return raw;
    }
  }),
});

/*
 * Handlers that only pass on the configurator's promise return it as it is: an async arrow around it
 * resolved its promise with another promise, two more ticks on every configurator step.
 */
export function configuratorRoutes(app: Api, configurator: Configurator, designs: Designs, limits: Limits): void {
  const expensive = { rateLimit: { max: limits.expensivePerMinute, timeWindow: 60_000 } };

  app.post(
    '/api/configurations',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Start a configuration session (optionally from choices, or from a shared design)',
        body: z.union([
          z.object({
            productId: z.string().min(1).max(64),
            version: z.number().int().positive().max(2_147_483_647).optional(),
            choices: z.array(Choice).max(10_000).optional(),
            texts: Texts.optional(),
          }),
          z.object({ sharedDesign: z.string().min(1).max(100) }),
        ]),
        response: { 201: ConfigurationState, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const input =
        'sharedDesign' in body
          ? await designs.shared(body.sharedDesign).then((d) => ({ productId: d.productId, version: d.version, choices: d.choices, texts: d.texts }))
          : body;
      return reply.code(201).send(await configurator.create(input, request.viewer));
    },
  );

  app.get(
    '/api/configurations/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'Choices, valid domains, price and preview', params, response: { 200: ConfigurationState, ...errors } } },
    (request) => configurator.state(request.params.id, request.viewer),
  );

  app.post(
    '/api/configurations/:id/choices',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Choose a value; an impossible one answers 409 with the explanation and the repair',
        params,
        body: Pick,
        response: { 200: ConfigurationState, ...errors },
      },
    },
    (request) => configurator.choose(request.params.id, request.viewer, request.body.variable, request.body.value),
  );

  app.delete(
    '/api/configurations/:id/choices/:variable',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Retract a choice', params: params.extend({ variable: z.string().min(1).max(200) }), response: { 200: ConfigurationState, ...errors } },
    },
    (request) => configurator.retract(request.params.id, request.viewer, request.params.variable),
  );

  app.get(
    '/api/configurations/:id/explain',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Why a value is not possible: the fewest choices and the rules that exclude it', params, querystring: PickQuery, response: { 200: ExplanationBody, ...errors } },
    },
    (request) => configurator.explain(request.params.id, request.viewer, request.query.variable, request.query.value),
  );

  app.get(
    '/api/configurations/:id/repair',
    {
      config: { access: 'public', ...expensive },
      schema: {
        tags,
        summary: 'What to give up to get a value: the fewest choices to retract',
        params,
        querystring: PickQuery,
        response: { 200: RepairBody, ...errors },
      },
    },
    async (request) => {
      const repair = await configurator.repair(request.params.id, request.viewer, request.query.variable, request.query.value);
      if (!repair) throw new ApiError(409, 'no-repair', 'no configuration has this value, whatever is given up');
      return repair;
    },
  );

  app.post(
    '/api/configurations/:id/repair',
    {
      config: { access: 'public', ...expensive },
      schema: { tags, summary: '"Choose it anyway": apply the repair, then the choice', params, body: Pick, response: { 200: ConfigurationState, ...errors } },
    },
    (request) => configurator.applyRepair(request.params.id, request.viewer, request.body.variable, request.body.value),
  );

  app.post(
    '/api/configurations/:id/complete',
    {
      config: { access: 'public', ...expensive },
      schema: {
        tags,
        summary: 'Fill every open choice: defaults, the cheapest, or the model objectives',
        params,
        body: z.object({
          strategy: z.enum(['defaults', 'cheapest', 'optimize']).default('defaults'),
          timeoutMs: z.number().int().positive().max(10_000).default(2_000),
        }),
        response: { 200: ConfigurationState.extend({ optimal: z.boolean() }), ...errors },
      },
    },
    async (request) => {
      const { strategy, timeoutMs } = request.body;
      return configurator.complete(request.params.id, request.viewer, strategy === 'defaults' ? { kind: 'defaults' } : { kind: strategy, timeoutMs });
    },
  );

  app.put(
    '/api/configurations/:id/texts',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Personalisation texts (an empty text clears a field)', params, body: Texts, response: { 200: ConfigurationState, ...errors } },
    },
    (request) => configurator.setTexts(request.params.id, request.viewer, request.body),
  );

  app.post(
    '/api/configurations/:id/reset',
    { config: { access: 'public' }, schema: { tags, summary: 'Start over', params, response: { 200: ConfigurationState, ...errors } } },
    (request) => configurator.reset(request.params.id, request.viewer),
  );

  const viewerOf = (request: { viewer: Parameters<Designs['list']>[0] | null }): Parameters<Designs['list']>[0] => {
    if (!request.viewer) throw new ApiError(401, 'unauthenticated', 'sign in first');
    return request.viewer;
  };

  app.post(
    '/api/designs',
    {
      config: { access: 'customer' },
      schema: {
        tags,
        summary: 'Save a configuration as a design with a share link',
        body: z.object({ configurationId: z.uuid(), name: z.string().trim().min(1).max(200) }),
        response: { 201: Design, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await designs.save(request.body.configurationId, request.body.name, viewerOf(request))),
  );

  app.get(
    '/api/designs',
    { config: { access: 'customer' }, schema: { tags, summary: 'My saved designs', response: { 200: z.array(Design), ...errors } } },
    async (request) => designs.list(viewerOf(request)),
  );

  app.get(
    '/api/designs/:id',
    { config: { access: 'customer' }, schema: { tags, summary: 'One of my designs', params, response: { 200: Design, ...errors } } },
    async (request) => designs.get(request.params.id, viewerOf(request)),
  );

  app.delete(
    '/api/designs/:id',
    { config: { access: 'customer' }, schema: { tags, summary: 'Delete one of my designs', params, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await designs.remove(request.params.id, viewerOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/shared/:token',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'A shared design (open a copy with POST /api/configurations {sharedDesign})', params: z.object({ token: z.string().min(1).max(100) }), response: { 200: Design, ...errors } },
    },
    async (request) => designs.shared(request.params.token),
  );
}
