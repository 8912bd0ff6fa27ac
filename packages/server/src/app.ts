import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Catalog } from './catalog/catalog.ts';
import { catalogRoutes } from './catalog/routes.ts';
import { Configurator } from './configurator/configurator.ts';
import { Designs } from './configurator/designs.ts';
import { configuratorRoutes } from './configurator/routes.ts';
import { ConfigurationState } from './configurator/state.ts';
import { configurationStateWriter } from './configurator/state-json.ts';
import type { Database } from './db/database.ts';
import type { Api, Limits } from './http/app-types.ts';
import { allowEmbedding, type EmbedOrigins } from './http/cors.ts';
import { ApiError, installErrorHandlers } from './http/errors.ts';
import { compileResponseSerializers } from './http/response-serializer.ts';
import { serveWeb } from './http/web.ts';
import { documentAccess, installAccess } from './identity/access.ts';
import { Accounts } from './identity/accounts.ts';
import { identityRoutes } from './identity/routes.ts';
import { Orders } from './order/orders.ts';
import { orderRoutes } from './order/routes.ts';
import { Quotes } from './quote/quotes.ts';
import { quoteRoutes } from './quote/routes.ts';

export interface AppOptions {
  db: Database;
  logger?: FastifyServerOptions['loggerInstance'] | boolean;
  limits?: Partial<Limits>;
  /** Set behind HTTPS: session cookies then never travel in clear. */
  secureCookies?: boolean;
  /** Live configuration sessions kept per process. */
  cachedSessions?: number;
  /** Days a quote stays valid. */
  quoteDays?: number;
  /** The storefront's built files (default: packages/web/dist when built); false serves the API only. */
  web?: string | false;
  /** Sites allowed to host the configurator (<atelier-configurator>) across origins; '*' for any. Default: none. */
  embedOrigins?: EmbedOrigins;
}

export interface Services {
  accounts: Accounts;
  catalog: Catalog;
  configurator: Configurator;
  designs: Designs;
  quotes: Quotes;
  orders: Orders;
}

/** The whole HTTP API on one database; every module registers its own routes and owns its tables. */
export async function buildApp(options: AppOptions): Promise<{ app: Api; services: Services }> {
  const base = Fastify({
    ...(typeof options.logger === 'object' ? { loggerInstance: options.logger } : { logger: options.logger ?? false }),
    bodyLimit: 4 * 1024 * 1024,
    // Several processes behind a proxy see the client's address in X-Forwarded-For only if asked.
    trustProxy: false,
  });
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Every configurator answer (each choice) is one of these: one writer, its cache shared by the routes.
  app.setSerializerCompiler(compileResponseSerializers(new Map([[ConfigurationState, configurationStateWriter()]])));
  const pages = options.web === false ? false : await serveWeb(app, options.web);
  installErrorHandlers(app, pages);

  const limits: Limits = { signInPerMinute: 10, expensivePerMinute: 120, ...options.limits };
  const { db } = options;
  const accounts = new Accounts(db);
  const catalog = new Catalog(db);
  const configurator = new Configurator(db, catalog, options.cachedSessions === undefined ? {} : { cachedSessions: options.cachedSessions });
  const designs = new Designs(db, configurator);
  const quotes = new Quotes(db, catalog, configurator, options.quoteDays);
  const orders = new Orders(db, quotes);

  await app.register(cookie);
  await allowEmbedding(app, options.embedOrigins ?? []);
  await app.register(rateLimit, {
    global: false,
    // Thrown by the plugin, so it goes through the error handler like any refusal (a plain object there
    // had no message, failed the response schema and came out as a 500).
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, 'rate-limited', `too many requests: at most ${context.max} per minute; retry in ${context.after}`),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Atelier', description: 'Mass-customization shop: catalogue, configurator, quotes, orders, accounts.', version: '0.1.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'atelier_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: documentAccess(jsonSchemaTransform),
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  installAccess(app, accounts);

  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['system'], summary: 'Ready when the database answers', response: { 200: z.object({ status: z.literal('ok'), database: z.string() }) } } },
    async () => {
      await db.query('SELECT 1');
      return { status: 'ok' as const, database: db.kind };
    },
  );
  app.get(
    '/api/ping',
    { config: { access: 'public' }, schema: { tags: ['system'], summary: 'Liveness without the database (the benchmark reference)', response: { 200: z.object({ pong: z.boolean() }) } } },
    async () => ({ pong: true }),
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  identityRoutes(app, accounts, { limits, secureCookies: options.secureCookies ?? false });
  catalogRoutes(app, catalog, limits);
  configuratorRoutes(app, configurator, designs, limits);
  quoteRoutes(app, quotes);
  orderRoutes(app, orders);

  await app.ready();
  return { app, services: { accounts, catalog, configurator, designs, quotes, orders } };
}
