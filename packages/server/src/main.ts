import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import pino from 'pino';
import { buildApp } from './app.ts';
import { seedCatalogue } from './catalog/seed.ts';
import { readConfig } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';

/** The advisory lock under which a starting process loads the catalogue and creates the admin. */
const STARTUP_LOCK = 4712;

/**
 * `npm start`: the shop on the embedded database (or on DATABASE_URL), migrated, with the sample
 * catalogue loaded. SIGTERM stops taking connections, lets running requests finish, then closes
 * the database.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const log = pino({ level: config.logLevel });
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const db = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  const applied = await migrate(db);
  log.info({ database: db.kind, where: config.databaseUrl ? 'postgres' : config.dataDir, migrations: applied }, 'database ready');

  const { app, services } = await buildApp({ db, logger: log, limits: config.limits, secureCookies: config.secureCookies, embedOrigins: config.embedOrigins });
  // Processes starting together on one PostgreSQL database take turns: the second finds the
  // catalogue loaded and the admin created, instead of adding versions or failing on the e-mail.
  await db.exclusive(STARTUP_LOCK, async () => {
    const seeded = await seedCatalogue(services.catalog, config.catalogueDir);
    log.info(seeded, 'catalogue loaded');
    const password = config.admin.password ?? randomBytes(9).toString('base64url');
    const existing = (await services.accounts.list()).some((u) => u.email.toLowerCase() === config.admin.email.toLowerCase());
    if (!existing || config.admin.password) {
      await services.accounts.ensure({ email: config.admin.email, name: 'Administrator', password }, 'admin');
      if (!config.admin.password) log.warn({ email: config.admin.email, password }, 'created the admin account; keep this password, it is not shown again');
    }
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    // Closing waits for every connection to end. A keep-alive connection becomes idle only once
    // its last response is sent, and a browser keeps it open for minutes: close those as they idle.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    app
      .close()
      .finally(() => clearInterval(sweep))
      .then(() => db.close())
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'unclean stop');
        process.exit(1);
      });
  };
  const address = await app.listen({ port: config.port, host: config.host });
  // Until here a signal ends the process at once, as a crash would (migrations and seeding run in
  // transactions); from here it drains. Set in the same turn as listening, so none falls in between.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  log.info({ address, docs: `${address}/api/docs` }, 'Atelier shop is listening');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
