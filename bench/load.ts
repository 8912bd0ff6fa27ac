/**
 * HTTP helpers for the server benchmark: plain calls to prepare data, and autocannon runs whose every
 * request is built by a function (the next configuration, the next quote) and whose every answer can
 * be looked at (the order it created).
 */
import autocannon from 'autocannon';

export interface Reply<T> {
  status: number;
  body: T;
}

export async function call<T>(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

/** Like `call`, but anything other than `expected` stops the benchmark with the server's answer. */
export async function must<T>(expected: number, base: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const reply = await call<T>(base, method, path, body, headers);
  if (reply.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${reply.status} ${JSON.stringify(reply.body).slice(0, 500)}`);
  return reply.body;
}

/** Runs `count` tasks, `parallel` at a time. */
export async function inParallel<T>(count: number, parallel: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) out[i] = await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return out;
}

export interface Built {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  /** Answers (any status) per second of wall time. */
  perSecond: number;
  p50: number;
  p99: number;
  answers: number;
  /** Status → count. */
  statuses: Map<number, number>;
  /** Non-2xx answers plus connection errors and timeouts. */
  errors: number;
  seconds: number;
  /** A few of the non-2xx answers, to show what went wrong. */
  samples: string[];
  /** The server's CPU time per answer during the run, in seconds; null when not sampled. */
  cpuPerAnswer: number | null;
}

/**
 * One autocannon run against `url`: `build(i, target)` makes the i-th request (i counts across the
 * run), `seen(i, status, body, headers)` gets its answer. `seconds` or `amount` ends the run.
 * `serverCpu` reads the server's CPU time (seconds), before and after the run. Several urls share the
 * connections round-robin, each connection staying with one; `target` is the index of the url the
 * request goes to, so that a builder can keep what a process holds (a configuration) on that process.
 */
export async function load(options: {
  url: string | readonly string[];
  connections: number;
  seconds?: number;
  amount?: number;
  build: (i: number, target: number) => Built;
  seen?: (i: number, status: number, body: string, headers: Record<string, string | string[]>) => void;
  serverCpu?: () => number | null;
}): Promise<LoadResult> {
  let next = 0;
  const statuses = new Map<number, number>();
  const samples: string[] = [];
  // autocannon builds each request with a per-request context object and hands it back with the answer.
  const index = new WeakMap<object, number>();
  const urls = typeof options.url === 'string' ? [options.url] : options.url;
  const targetOf = new Map(urls.map((u, k) => [new URL(u).port, k]));
  const cpuBefore = options.serverCpu?.() ?? null;
  const start = performance.now();
  const result = await autocannon({
    // autocannon takes several urls ("More than one URL is allowed", its README); its types say one.
    url: (urls.length === 1 ? urls[0] : [...urls]) as string,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    timeout: 30,
    requests: [
      {
        setupRequest: (request, context) => {
          const i = next++;
          index.set(context, i);
          // autocannon has merged the connection's url (its port) into the request it hands over.
          const built = options.build(i, targetOf.get(String((request as { port?: unknown }).port)) ?? 0);
          return {
            ...request,
            method: built.method,
            path: built.path,
            headers: { ...(built.body === undefined ? {} : { 'content-type': 'application/json' }), ...built.headers },
            ...(built.body === undefined ? {} : { body: built.body }),
          };
        },
        onResponse: (status, body, context, headers) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if ((status < 200 || status >= 300) && samples.length < 5) samples.push(`${status} ${body.slice(0, 300)}`);
          const i = index.get(context);
          if (i !== undefined && options.seen) options.seen(i, status, body, headers as Record<string, string | string[]>);
        },
      },
    ],
  });
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = options.serverCpu?.() ?? null;
  let answers = 0;
  let bad = 0;
  for (const [status, count] of statuses) {
    answers += count;
    if (status < 200 || status >= 300) bad += count;
  }
  return {
    perSecond: answers / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    answers,
    statuses,
    errors: bad + result.errors,
    seconds,
    samples,
    cpuPerAnswer: cpuBefore === null || cpuAfter === null || answers === 0 ? null : (cpuAfter - cpuBefore) / answers,
  };
}
