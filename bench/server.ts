/**
 * Workload (d): the shop server under load. The real server runs in a child process (embedded PGlite,
 * then PostgreSQL in a fresh schema, then two processes on one PostgreSQL schema); autocannon, in this
 * process, loads it over loopback with
 *
 * - the bare route GET /api/ping (no database): the reference every other row is a fraction of;
 * - the configurator step: a choice on the PC model, answered with all valid domains, the price and the
 *   preview. Requests rotate over many prepared configurations and, per configuration, over a cycle of
 *   choices that changes a value every time (found and checked against the server before the run),
 *   so the engine recomputes the domains on every request and none answers 409;
 * - order placement: each request orders the next prepared quote with its own Idempotency-Key, a few
 *   resend an earlier request (same key, same quote); afterwards the orders table is read directly and
 *   must hold exactly one order per key, as many as the 201 answers, none lost, none twice.
 */
import { cpus, loadavg } from 'node:os';
import type { Database } from '@atelier/server/db/database.ts';
import { prng } from '@atelier/engine/testing/prng.ts';
import type { WorkloadOptions } from './backbone.ts';
import { call, inParallel, load, must, type Built, type LoadResult } from './load.ts';
import { postgresReachable, startShop, type Backend, type ShopProcess } from './shop-process.ts';
import { millis } from './table.ts';
import type { Table } from './table.ts';

type Json = string | number | boolean | null;

interface Domain {
  variable: string;
  possible: Json[];
  impossible: Json[];
  chosen?: Json;
}

interface State {
  id: string;
  complete: boolean;
  domains: Domain[];
  choices: { variable: string; value: Json; by: 'user' | 'default' }[];
}

interface Step {
  variable: string;
  value: Json;
}

export interface ServerBenchOptions extends WorkloadOptions {
  /** Where to write the server's CPU profiles (`node --cpu-prof`); undefined: no profiling. */
  cpuProfileDir?: string;
}

const PRODUCT = 'pc';
const CONNECTIONS = 32;
const CONFIGURATIONS = 512;
const CYCLE = 12;
const CYCLE_VARIABLES = 4;
const SEED = 20241124;
const CUSTOMERS = 8;
/** One request in RETRY_EVERY resends an earlier one. */
const RETRY_EVERY = 25;
const CONFIGURATOR_SHARE = 0.25;
const ORDERS_PER_SECOND = 500;

/** Where the server runs: the embedded database, PostgreSQL, and PostgreSQL behind two processes. */
const DEPLOYMENTS: { key: string; label: string; backend: Backend; processes: number }[] = [
  { key: 'server/pglite', label: 'pglite', backend: 'pglite', processes: 1 },
  { key: 'server/postgres', label: 'postgres', backend: 'postgres', processes: 1 },
  { key: 'server/postgres/2-processes', label: 'postgres ×2', backend: 'postgres', processes: 2 },
];

export interface Plan {
  warmupSeconds: number;
  seconds: number;
  orders: Record<Backend, number>;
}

export async function serverWorkload(options: ServerBenchOptions): Promise<Table> {
  const plan: Plan = options.quick
    ? { warmupSeconds: 2, seconds: 5, orders: { pglite: 1000, postgres: 2500 } }
    : { warmupSeconds: 3, seconds: 10, orders: { pglite: 2500, postgres: 6000 } };
  const table: Table = {
    title: `Server: HTTP over loopback, autocannon in a second process, ${CONNECTIONS} connections`,
    headers: ['backend', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', '× bare', 'server CPU/answer', '× bare by CPU', 'target', 'met', 'check'],
    rows: [],
    notes: [
      `The real server (packages/server/src/main.ts, LOG_LEVEL=warn, rate limits raised) in a child process; autocannon in the benchmark's process; ${plan.seconds} s per row after ${plan.warmupSeconds} s of unmeasured warm-up.`,
      'req/s = answers per second of wall time; errors = answers other than 2xx plus connection errors; × bare = req/s over the same server\'s GET /api/ping.',
      'server CPU/answer = the server process\'s CPU time (all its threads, the garbage collector\'s included; PostgreSQL\'s own processes not) over the measured run, per answer; × bare by CPU = the bare route\'s CPU per answer over this row\'s: the share of the bare rate this row would reach were the server process the only bottleneck. On a machine busy with other work it moves much less than req/s does.',
      `configurator step = POST /api/configurations/:id/choices on the PC model over ${CONFIGURATIONS} configurations, each cycling through ${CYCLE} valid choices that each change a value; the answer carries every valid domain, the price and the preview.`,
      `order placement = POST /api/orders (bearer token, Idempotency-Key) on prepared quotes, 1 request in ${RETRY_EVERY} a resend of an earlier one; orders/s counts created orders. The check reads the orders table after the run.`,
      'postgres ×2 = two server processes on one PostgreSQL schema (how Atelier scales out), each on its own port, on the same cores as the load: autocannon spreads its connections over both; a configuration is stepped on the process it was started on (as a proxy keeping a customer on one process would); an order\'s resend may reach the other process. Its rows compare with its own bare route; server CPU counts both processes.',
    ],
  };
  const deployments = DEPLOYMENTS.filter((d) => options.selected(d.key));
  const load1 = (): string => loadavg()[0].toFixed(1);
  const loads: string[] = [];
  let postgresProblem: string | null | undefined;
  for (const { backend, processes, label } of deployments) {
    if (backend === 'postgres') {
      postgresProblem ??= await postgresReachable();
      if (postgresProblem) {
        table.notes.push(`PostgreSQL not reachable (${postgresProblem}): the ${label} rows are missing.`);
        continue;
      }
    }
    options.log(`server ${label}: starting`);
    const loadBefore = load1();
    const shop = await startShop(backend, { processes, ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}) });
    let bare: LoadResult | undefined;
    let orders: OrderRun | undefined;
    let verdict: OrderVerdict | undefined;
    try {
      bare = await measure(shop, plan, 'bare', options, () => ({ method: 'GET', path: '/api/ping' }));
      table.rows.push(row(label, 'bare GET /api/ping', bare, bare, '(reference)', null, statusCheck(bare)));

      const step = await configuratorStep(shop, plan, options);
      const share = step.perSecond / bare.perSecond;
      const stepOk = step.errors === 0;
      if (!stepOk) options.mismatches.push(`server/${label}: configurator step answered ${step.errors} errors: ${step.samples.join(' | ')}`);
      table.rows.push(row(label, 'configurator step (choose → domains → price)', step, bare, `≥ ${CONFIGURATOR_SHARE * 100} % of bare`, share >= CONFIGURATOR_SHARE && stepOk, statusCheck(step)));
      table.notes.push(`${label} choice cycle: ${step.cycle.map((c) => `${c.variable}=${String(c.value)}`).join(', ')}.`);

      orders = await placeOrders(shop, plan.orders[backend], options);
    } finally {
      options.log(`server ${label}: stopping and reading the orders table`);
      verdict = await shop.stop(orders ? (db) => verifyOrders(db, orders as OrderRun) : undefined);
    }
    loads.push(`${label} ${loadBefore} → ${load1()}`);
    if (orders && verdict) {
      if (verdict.problems.length > 0) options.mismatches.push(`server/${label}: orders: ${verdict.problems.join('; ')}`);
      const perSecond = orders.measured.created / orders.measured.result.seconds;
      const met = backend === 'postgres' ? perSecond >= ORDERS_PER_SECOND && verdict.problems.length === 0 && orders.measured.result.errors === 0 : null;
      table.rows.push(
        row(
          label,
          `order placement (${Math.round(perSecond)} orders/s)`,
          orders.measured.result,
          bare,
          backend === 'postgres' ? `≥ ${ORDERS_PER_SECOND} orders/s, none lost or twice` : '(none: embedded)',
          met,
          verdict.summary,
        ),
      );
    }
  }
  if (loads.length > 0) {
    table.notes.push(`Load average (1 min) of the machine before → after each backend: ${loads.join(', ')} (${cpus().length} cores; the benchmark alone keeps it near 2–3, more means other work shared the machine).`);
  }
  return table;
}

function row(backend: string, scenario: string, r: LoadResult, bare: LoadResult | undefined, target: string, met: boolean | null, check: string): string[] {
  return [
    backend,
    scenario,
    r.perSecond.toFixed(0),
    millis(r.p50),
    millis(r.p99),
    String(r.errors),
    bare ? `${((100 * r.perSecond) / bare.perSecond).toFixed(1)} %` : '-',
    r.cpuPerAnswer === null ? '-' : `${(r.cpuPerAnswer * 1e6).toFixed(0)} µs`,
    bare?.cpuPerAnswer && r.cpuPerAnswer ? `${((100 * bare.cpuPerAnswer) / r.cpuPerAnswer).toFixed(1)} %` : '-',
    target,
    met === null ? '-' : met ? 'yes' : 'NO',
    check,
  ];
}

function statusCheck(r: LoadResult): string {
  return [...r.statuses].map(([s, n]) => `${n} × ${s}`).join(', ') || 'no answers';
}

/** An unmeasured warm-up run, then the measured one, with the same request builder (its counter goes on). */
async function measure(shop: ShopProcess, plan: Plan, what: string, options: WorkloadOptions, build: (i: number, target: number) => Built): Promise<LoadResult> {
  options.log(`server ${shop.backend}: ${what}: warm-up`);
  await load({ url: shop.urls, connections: CONNECTIONS, seconds: plan.warmupSeconds, build });
  options.log(`server ${shop.backend}: ${what}: ${plan.seconds} s`);
  return load({ url: shop.urls, connections: CONNECTIONS, seconds: plan.seconds, build, serverCpu: () => shop.cpuSeconds() });
}

// ------------------------------------------------------------------ the configurator step

export async function configuratorStep(shop: ShopProcess, plan: Plan, options: WorkloadOptions): Promise<LoadResult & { cycle: Step[] }> {
  options.log(`server ${shop.backend}: configurator: finding a cycle of valid choices`);
  const cycle = await findCycle(shop.url);
  options.log(`server ${shop.backend}: configurator: ${CONFIGURATIONS} configurations`);
  // Each process gets its share of the configurations, started there and stepped there (as a proxy
  // keeping a customer on one process would), so that its sessions stay warm.
  const ids = shop.urls.map(() => [] as string[]);
  await inParallel(CONFIGURATIONS, 8, async (i) => {
    const target = i % shop.urls.length;
    ids[target].push((await must<State>(201, shop.urls[target], 'POST', '/api/configurations', { productId: PRODUCT })).id);
  });
  const bodies = cycle.map((s) => JSON.stringify(s));
  // The j-th request to a process goes to its configuration j mod N with the next step of that
  // configuration's cycle; the counters carry on from the warm-up into the measured run, so every
  // configuration stays in step.
  const counters = shop.urls.map(() => 0);
  const build = (_i: number, target: number): Built => {
    const j = counters[target]++;
    const mine = ids[target];
    return { method: 'POST', path: `/api/configurations/${mine[j % mine.length]}/choices`, body: bodies[Math.floor(j / mine.length) % bodies.length] };
  };
  return { ...(await measure(shop, plan, 'configurator step', options, build)), cycle };
}

/**
 * A cycle of choices that, repeated from an empty configuration, is accepted every time and changes a
 * value every time: found by a seeded random walk on a probe configuration, then replayed twice more
 * there. (After one pass the configuration holds the cycle's last value of each variable, the state
 * every later pass starts from; so two passes accepted mean every pass is.)
 */
async function findCycle(base: string): Promise<Step[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const random = prng(SEED + attempt);
    let state = await must<State>(201, base, 'POST', '/api/configurations', { productId: PRODUCT });
    const cycle: Step[] = [];
    // A few variables, each changed several times per cycle.
    const pool = state.domains.filter((d) => d.possible.length + d.impossible.length > 1).map((d) => d.variable);
    const picked = new Set<string>();
    while (picked.size < CYCLE_VARIABLES) picked.add(pool[Math.floor(random() * pool.length)]);
    let tries = 0;
    while (cycle.length < CYCLE && tries++ < 20 * CYCLE) {
      const variables = state.domains.filter((d) => picked.has(d.variable));
      const domain = variables[Math.floor(random() * variables.length)];
      const values = [...domain.possible, ...domain.impossible].filter((v) => v !== domain.chosen);
      const value = values[Math.floor(random() * values.length)];
      const answer = await call<State>(base, 'POST', `/api/configurations/${state.id}/choices`, { variable: domain.variable, value });
      if (answer.status === 409) continue;
      if (answer.status !== 200) throw new Error(`choice ${domain.variable} = ${String(value)}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      cycle.push({ variable: domain.variable, value });
      state = answer.body;
    }
    if (cycle.length < CYCLE) continue;
    // Each step must differ from the value its variable had one cycle earlier.
    const changes = cycle.every((s, k) => {
      for (let back = 1; back <= CYCLE; back++) {
        const earlier = cycle[(k - back + CYCLE) % CYCLE];
        if (earlier.variable === s.variable) return earlier.value !== s.value;
      }
      return false;
    });
    if (!changes) continue;
    let accepted = true;
    for (let pass = 0; pass < 2 && accepted; pass++) {
      for (const s of cycle) {
        const answer = await call<State>(base, 'POST', `/api/configurations/${state.id}/choices`, s);
        if (answer.status !== 200) {
          accepted = false;
          break;
        }
      }
    }
    if (accepted) return cycle;
  }
  throw new Error('no cycle of valid choices found on the PC model');
}

// ------------------------------------------------------------------ order placement

interface OrderRequest {
  quoteId: string;
  key: string;
  token: string;
  /** The index of the request this one resends. */
  resends?: number;
}

interface Answer {
  status: number;
  orderId?: string;
  replayed: boolean;
}

export interface OrderRun {
  requests: OrderRequest[];
  answers: Map<number, Answer>;
  measured: { result: LoadResult; created: number };
}

interface OrderVerdict {
  problems: string[];
  summary: string;
}

export async function placeOrders(shop: ShopProcess, count: number, options: WorkloadOptions): Promise<OrderRun> {
  const base = shop.url;
  options.log(`server ${shop.backend}: orders: ${CUSTOMERS} customers`);
  const tokens = await inParallel(CUSTOMERS, 2, async (i) => {
    const signed = await must<{ token: string }>(201, base, 'POST', '/api/auth/signup', {
      email: `bench-${i}-${Date.now()}@example.com`,
      name: `Bench ${i}`,
      password: 'bench password',
      bearer: true,
    });
    return signed.token;
  });
  // A complete configuration (the model's defaults), quoted `count` times by the customers.
  const started = await must<State>(201, base, 'POST', '/api/configurations', { productId: PRODUCT });
  const completed = await must<State>(200, base, 'POST', `/api/configurations/${started.id}/complete`, { strategy: 'defaults' });
  if (!completed.complete) throw new Error('completing with the defaults left the configuration open');
  const choices = completed.choices;
  options.log(`server ${shop.backend}: orders: ${count} quotes`);
  const quotes = await inParallel(count, 8, async (i) => {
    const quote = await must<{ id: string }>(201, base, 'POST', '/api/quotes', { productId: PRODUCT, choices }, { authorization: `Bearer ${tokens[i % CUSTOMERS]}` });
    return quote.id;
  });

  // One request per quote, and after every RETRY_EVERY - 1 of them a resend: alternately of the one just
  // sent (likely still being placed) and of one sent a while ago (long answered).
  const requests: OrderRequest[] = [];
  const run = Date.now().toString(36);
  let resends = 0;
  quotes.forEach((quoteId, i) => {
    requests.push({ quoteId, key: `bench-${run}-${i}`, token: tokens[i % CUSTOMERS] });
    if (requests.length % RETRY_EVERY === RETRY_EVERY - 1) {
      const back = resends++ % 2 === 0 ? 1 : Math.min(requests.length, 4 * CONNECTIONS);
      const original = requests.length - back;
      requests.push({ ...requests[original], resends: original });
    }
  });
  const answers = new Map<number, Answer>();
  const build = (i: number): { method: 'POST'; path: string; body: string; headers: Record<string, string> } => {
    const r = requests[i];
    return { method: 'POST', path: '/api/orders', body: JSON.stringify({ quoteId: r.quoteId }), headers: { authorization: `Bearer ${r.token}`, 'idempotency-key': r.key } };
  };
  const seen = (i: number, status: number, body: string, headers: Record<string, string | string[]>): void => {
    let orderId: string | undefined;
    if (status === 200 || status === 201) {
      try {
        orderId = (JSON.parse(body) as { id?: string }).id;
      } catch {
        orderId = undefined;
      }
    }
    answers.set(i, { status, orderId, replayed: headers['idempotent-replayed'] === 'true' });
  };
  // The warm-up places the first tenth; the measured run the rest. autocannon's counter starts at 0 in
  // each run, hence the offset.
  const warmCount = Math.max(CONNECTIONS, Math.floor(requests.length / 10));
  options.log(`server ${shop.backend}: orders: warm-up (${warmCount})`);
  await load({ url: shop.urls, connections: CONNECTIONS, amount: warmCount, build, seen });
  options.log(`server ${shop.backend}: orders: ${requests.length - warmCount} requests`);
  const result = await load({
    url: shop.urls,
    connections: CONNECTIONS,
    amount: requests.length - warmCount,
    build: (i) => build(i + warmCount),
    seen: (i, status, body, headers) => seen(i + warmCount, status, body, headers),
    serverCpu: () => shop.cpuSeconds(),
  });
  let created = 0;
  for (const [i, a] of answers) if (i >= warmCount && a.status === 201) created++;
  return { requests, answers, measured: { result, created } };
}

/** Reads the orders table (the server stopped) and compares it with what the clients were told. */
export async function verifyOrders(db: Database, run: OrderRun): Promise<OrderVerdict> {
  const problems: string[] = [];
  const rows = await db.query<{ id: string; quote_id: string; idempotency_key: string; events: number }>(
    'SELECT o.id, o.quote_id, o.idempotency_key, (SELECT count(*) FROM order_events e WHERE e.order_id = o.id) AS events FROM orders o',
  );
  const byKey = new Map<string, { id: string; quote_id: string }[]>();
  const byQuote = new Map<string, number>();
  for (const r of rows) {
    byKey.set(r.idempotency_key, [...(byKey.get(r.idempotency_key) ?? []), r]);
    byQuote.set(r.quote_id, (byQuote.get(r.quote_id) ?? 0) + 1);
    if (r.events !== 1) problems.push(`order ${r.id} has ${r.events} events`);
  }
  const twice = [...byKey.values()].filter((list) => list.length > 1).length + [...byQuote.values()].filter((n) => n > 1).length;
  if (twice > 0) problems.push(`${twice} keys or quotes ordered twice`);

  let created = 0;
  let replayed = 0;
  let unanswered = 0;
  let failed = 0;
  const createdIds = new Set<string>();
  const keys = new Set(run.requests.map((r) => r.key));
  run.requests.forEach((request, i) => {
    const answer = run.answers.get(i);
    if (!answer) {
      unanswered++;
      return;
    }
    if (answer.status !== 200 && answer.status !== 201) {
      failed++;
      return;
    }
    if (answer.status === 201) {
      created++;
      if (answer.orderId) createdIds.add(answer.orderId);
    } else if (answer.replayed) {
      replayed++;
    }
    const stored = byKey.get(request.key);
    if (!stored || stored.length === 0) problems.push(`answered ${answer.status} for key ${request.key} but no order has it (lost)`);
    else if (stored[0].id !== answer.orderId) problems.push(`key ${request.key}: answered order ${answer.orderId}, stored ${stored[0].id}`);
    else if (stored[0].quote_id !== request.quoteId) problems.push(`key ${request.key}: the order is for another quote`);
  });
  if (createdIds.size !== created) problems.push(`${created - createdIds.size} order ids answered 201 twice`);
  if (rows.length !== created) problems.push(`${rows.length} orders stored, ${created} answered 201`);
  if (rows.length !== keys.size) problems.push(`${keys.size} keys sent, ${rows.length} orders stored`);
  if (unanswered > 0) problems.push(`${unanswered} requests never answered`);
  if (failed > 0) problems.push(`${failed} requests answered an error`);
  const resends = run.requests.filter((r) => r.resends !== undefined).length;
  const head = problems.length === 0 ? 'ok' : `FAILED (${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` and ${problems.length - 3} more` : ''})`;
  return {
    problems,
    summary: `${head}: ${rows.length} orders stored, ${created} × 201, ${keys.size} keys sent; ${resends} resends → ${replayed} × 200 replayed; ${twice} twice`,
  };
}
