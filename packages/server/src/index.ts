// The shop's server as a library: tests, benchmarks and other hosts build the same app `npm start` runs.
export { buildApp, type AppOptions, type Services } from './app.ts';
export { openDatabase, type StorageOptions } from './db/open.ts';
export { migrate, moduleMigrations } from './db/migrate.ts';
export type { Database, Queryable } from './db/database.ts';
export { seedCatalogue, sampleCatalogueDir } from './catalog/seed.ts';
export { readConfig, type ServerConfig } from './config.ts';
