import { resolve } from 'node:path';
import { z } from 'zod';

/** `https://shop.example, https://www.example.com`: exact origins (scheme://host[:port], no path), or `*` for any. */
const Origins = z.string().transform((raw, context) => {
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of origins) {
    if (origin === '*') continue;
    let exact = false;
    try {
      exact = new URL(origin).origin === origin;
    } catch {
      exact = false;
    }
    if (!exact) context.addIssue({ code: 'custom', message: `${origin} is not an origin: write scheme://host[:port], without a path or a trailing slash` });
  }
  return origins;
});

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  ATELIER_DATA: z.string().default('./data/atelier'),
  ATELIER_CATALOGUE: z.string().optional(),
  ATELIER_ADMIN_EMAIL: z.email().default('admin@atelier.localhost'),
  ATELIER_ADMIN_PASSWORD: z.string().min(8).optional(),
  ATELIER_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  ATELIER_RATE_SIGNIN: z.coerce.number().int().positive().default(10),
  ATELIER_RATE_EXPENSIVE: z.coerce.number().int().positive().default(120),
  ATELIER_EMBED_ORIGINS: Origins.default([]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ServerConfig = ReturnType<typeof readConfig>;

/** The environment, checked once at start: a typo in a variable stops the server with its name. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.ATELIER_DATA),
    catalogueDir: e.ATELIER_CATALOGUE === undefined ? undefined : resolve(e.ATELIER_CATALOGUE),
    admin: { email: e.ATELIER_ADMIN_EMAIL, password: e.ATELIER_ADMIN_PASSWORD },
    secureCookies: e.ATELIER_SECURE_COOKIES === 'true',
    limits: { signInPerMinute: e.ATELIER_RATE_SIGNIN, expensivePerMinute: e.ATELIER_RATE_EXPENSIVE },
    embedOrigins: e.ATELIER_EMBED_ORIGINS,
    logLevel: e.LOG_LEVEL,
  };
}
