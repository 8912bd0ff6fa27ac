import { z } from 'zod';
import type { Api, Limits } from '../http/app-types.ts';
import { ErrorBody } from '../http/errors.ts';
import type { Catalog } from './catalog.ts';
import { JsonValue, ProductDefinition, describeProduct } from './definition.ts';

const Diagnostic = z
  .object({
    severity: z.enum(['error', 'warning']),
    code: z.string(),
    message: z.string(),
    file: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    endLine: z.number().int().optional(),
    endColumn: z.number().int().optional(),
    hint: z.string().optional(),
  })
  .meta({ id: 'Diagnostic' });

const Source = z
  .object({
    main: z.string().min(1).max(200).describe('The file to read first, e.g. "pc.atl"'),
    files: z.record(z.string().min(1).max(200), z.string().max(2_000_000)).describe('Every file of the model by relative path'),
  })
  .meta({ id: 'ModelSource' });

const ProductSummary = z.object({ id: z.string(), name: z.string(), version: z.number().int().nullable() }).meta({ id: 'ProductSummary' });
const Version = z
  .object({
    productId: z.string(),
    version: z.number().int(),
    status: z.enum(['draft', 'invalid', 'published']),
    main: z.string(),
    diagnostics: z.array(Diagnostic),
    createdBy: z.object({ id: z.string(), name: z.string() }).nullable().describe('Who uploaded it; null for the catalogue loaded at start'),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: 'ModelVersion' });
const ValueRef = z.object({ variable: z.string(), value: JsonValue });

const ProductId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _');
const params = z.object({ id: ProductId });
const versionParams = z.object({ id: ProductId, version: z.coerce.number().int().positive().max(2_147_483_647) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };
const tags = ['catalog'];

export function catalogRoutes(app: Api, catalog: Catalog, limits: Limits): void {
  const expensive = { rateLimit: { max: limits.expensivePerMinute, timeWindow: 60_000 } };

  app.get(
    '/api/products',
    { config: { access: 'public' }, schema: { tags, summary: 'The catalogue', response: { 200: z.array(ProductSummary) } } },
    async () => catalog.list(),
  );

  app.get(
    '/api/products/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A product's configurator definition (newest published version, or ?version=)",
        params,
        querystring: z.object({ lang: z.string().max(35).default('en'), version: z.coerce.number().int().positive().max(2_147_483_647).optional() }),
        response: { 200: ProductDefinition, ...errors },
      },
    },
    async (request) => {
      const version = request.query.version ?? (await catalog.currentVersion(request.params.id));
      return describeProduct(await catalog.runtime(request.params.id, version), request.query.lang);
    },
  );

  app.get(
    '/api/products/:id/versions/:version/source',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A published version's model source, for configuring in the browser",
        params: versionParams,
        response: { 200: Source, ...errors },
      },
    },
    async (request) => {
      await catalog.runtime(request.params.id, request.params.version);
      return (await catalog.version(request.params.id, request.params.version)).source;
    },
  );

  app.post(
    '/api/products',
    {
      config: { access: 'staff', ...expensive },
      schema: {
        tags,
        summary: 'Create a product with its first model version (staff)',
        body: z.object({ id: ProductId, name: z.string().trim().min(1).max(200), source: Source }),
        response: { 201: Version, ...errors },
      },
    },
    async (request, reply) => {
      const { id, name, source } = request.body;
      return reply.code(201).send(await catalog.create(id, name, source, request.viewer?.user.id ?? null));
    },
  );

  app.get(
    '/api/products/:id/versions',
    { config: { access: 'staff' }, schema: { tags, summary: 'Model versions (staff)', params, response: { 200: z.array(Version), ...errors } } },
    async (request) => catalog.versions(request.params.id),
  );

  app.post(
    '/api/products/:id/versions',
    {
      config: { access: 'staff', ...expensive },
      schema: {
        tags,
        summary: 'Upload a new model version; it is checked and kept as a draft (staff)',
        params,
        body: Source,
        response: { 201: Version, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await catalog.addVersion(request.params.id, request.body, request.viewer?.user.id ?? null)),
  );

  app.get(
    '/api/products/:id/versions/:version',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'A model version with its source (staff)', params: versionParams, response: { 200: Version.extend({ source: Source }), ...errors } },
    },
    async (request) => catalog.version(request.params.id, request.params.version),
  );

  app.post(
    '/api/products/:id/versions/:version/publish',
    {
      config: { access: 'staff' },
      schema: { tags, summary: 'Publish a checked version; it is immutable from then on (staff)', params: versionParams, response: { 200: Version, ...errors } },
    },
    async (request) => catalog.publish(request.params.id, request.params.version),
  );

  app.get(
    '/api/products/:id/versions/:version/analysis',
    {
      config: { access: 'staff', ...expensive },
      schema: {
        tags,
        summary: 'Dead and core options, false-optional components, number of configurations (staff)',
        params: versionParams,
        querystring: z.object({ timeout: z.coerce.number().positive().max(60).default(5).describe('seconds for counting') }),
        response: {
          200: z.object({
            satisfiable: z.boolean(),
            variables: z.number().int(),
            core: z.array(ValueRef),
            dead: z.array(ValueRef),
            falseOptional: z.array(z.string()),
            configurations: z.string().nullable(),
            seconds: z.number(),
          }),
          ...errors,
        },
      },
    },
    async (request) => catalog.analyse(request.params.id, request.params.version, request.query.timeout * 1000),
  );

  app.post(
    '/api/catalog/check',
    {
      config: { access: 'staff', ...expensive },
      schema: {
        tags,
        summary: 'Check a model source without storing it (staff)',
        body: Source,
        response: { 200: z.object({ diagnostics: z.array(Diagnostic) }), ...errors },
      },
    },
    async (request) => ({ diagnostics: catalog.diagnose(request.body) }),
  );
}
