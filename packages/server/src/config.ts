import { resolve } from 'node:path';
import { z } from 'zod';

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
    logLevel: e.LOG_LEVEL,
  };
}
