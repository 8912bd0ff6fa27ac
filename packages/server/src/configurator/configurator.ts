import { randomUUID } from 'node:crypto';
import { Session, SessionError, type CompletionStrategy, type Value } from '@atelier/engine';
import { checkPersonalisation, configurationOf } from '@atelier/modeling';
import type { Catalog } from '../catalog/catalog.ts';
import type { ProductRuntime } from '../catalog/runtime.ts';
import type { Database } from '../db/database.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { Viewer } from '../identity/accounts.ts';
import { isStaff } from '../identity/access.ts';
import { KeyedLock } from './keyed-lock.ts';
import { revisionWrites, type RevisionWrite } from './revision-writes.ts';
import { LruCache } from './session-cache.ts';
import {
  describeState,
  explanationBody,
  repairBody,
  type Choice,
  type ConfigurationState,
  type ExplanationBody,
  type RepairBody,
} from './state.ts';

interface ConfigurationRow extends Record<string, unknown> {
  id: string;
  product_id: string;
  version: number;
  owner_id: string | null;
  choices: Choice[];
  texts: Record<string, string>;
  revision: number;
}

interface Live {
  revision: number;
  runtime: ProductRuntime;
  session: Session;
  /** The row as this process last read or wrote it (at `revision`). */
  row: ConfigurationRow;
}

/** The engine's refusals are the client's mistakes: a 422 naming the variable or value. */
export function sessionErrorToApi(error: unknown): never {
  if (error instanceof SessionError) throw new ApiError(422, error.code, error.message);
  throw error;
}

/** Replays choices on a fresh session; stored choices always replay (versions never change). */
export function replay(runtime: ProductRuntime, choices: readonly Choice[]): Session {
  const session = new Session(runtime.model);
  for (const c of choices) {
    let result;
    try {
      result = session.assign(c.variable, c.value);
    } catch (error) {
      sessionErrorToApi(error);
    }
    if (!result.ok) {
      throw new ApiError(409, 'conflict', explanationBody(c.variable, c.value, result.explanation).message, {
        explanation: explanationBody(c.variable, c.value, result.explanation),
        repair: result.repair ? repairBody(result.repair) : null,
      });
    }
  }
  return session;
}

export function textProblems(runtime: ProductRuntime, session: Session, texts: Record<string, string>, complete: boolean): void {
  const problems = checkPersonalisation(runtime.product, configurationOf(session.assignments()), texts, { complete });
  if (problems.length > 0) throw new ApiError(422, 'invalid-personalisation', problems.map((p) => p.message).join('; '), { problems });
}

/**
 * Configuration sessions. The choices live in the database, so any server process can continue a
 * session; each process keeps recent sessions' solvers warm and detects, by revision, a write made
 * elsewhere. Owns the `configurations` table.
 */
export class Configurator {
  private readonly live: LruCache<string, Live>;
  private readonly lock = new KeyedLock();
  private readonly writes: GroupCommit<RevisionWrite, boolean>;

  constructor(
    private readonly db: Database,
    private readonly catalog: Catalog,
    options: { cachedSessions?: number } = {},
  ) {
    this.live = new LruCache(options.cachedSessions ?? 2000);
    this.writes = revisionWrites(db);
  }

  async create(
    input: { productId: string; version?: number; choices?: Choice[]; texts?: Record<string, string> },
    viewer: Viewer | null,
  ): Promise<ConfigurationState> {
    const version = input.version ?? (await this.catalog.currentVersion(input.productId));
    const runtime = await this.catalog.runtime(input.productId, version);
    const choices = input.choices ?? [];
    const texts = input.texts ?? {};
    const session = replay(runtime, choices);
    textProblems(runtime, session, texts, false);
    const id = randomUUID();
    const ownerId = viewer?.user.id ?? null;
    await this.db.query(
      'INSERT INTO configurations (id, product_id, version, owner_id, choices, texts) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)',
      [id, input.productId, version, ownerId, JSON.stringify(choices), JSON.stringify(texts)],
    );
    const row: ConfigurationRow = { id, product_id: input.productId, version, owner_id: ownerId, choices, texts, revision: 0 };
    this.live.set(id, { revision: 0, runtime, session, row });
    return describeState({ id, productId: input.productId, version, revision: 0, choices, texts }, runtime, session);
  }

  async state(id: string, viewer: Viewer | null): Promise<ConfigurationState> {
    return this.lock.run(id, async () => {
      const { row, live } = await this.open(id, viewer);
      return this.describe(row, live);
    });
  }

  /** Applies a choice; an impossible one changes nothing and answers why and what to give up (409). */
  choose(id: string, viewer: Viewer | null, variable: string, value: Value): Promise<ConfigurationState> {
    return this.change(id, viewer, (row, live) => {
      const result = this.attempt(() => live.session.assign(variable, value));
      if (!result.ok) {
        const explanation = explanationBody(variable, value, result.explanation);
        throw new ApiError(409, 'conflict', explanation.message, {
          explanation,
          repair: result.repair ? repairBody(result.repair) : null,
        });
      }
      return { choices: replaceChoice(row.choices, { variable, value, by: 'user' }) };
    });
  }

  retract(id: string, viewer: Viewer | null, variable: string): Promise<ConfigurationState> {
    return this.change(id, viewer, (row, live) => {
      this.attempt(() => live.session.retract(variable));
      return { choices: row.choices.filter((c) => c.variable !== variable) };
    });
  }

  /** "Choose it anyway": gives up the fewest earlier choices, then makes this one. */
  applyRepair(id: string, viewer: Viewer | null, variable: string, value: Value): Promise<ConfigurationState> {
    return this.change(id, viewer, (row, live) => {
      const repair = this.attempt(() => live.session.repair(variable, value));
      if (!repair) throw new ApiError(409, 'no-repair', `no configuration has ${variable} = ${String(value)}, whatever is given up`);
      const result = live.session.applyRepair(repair);
      if (!result.ok) throw new Error('a repair did not free its value');
      const dropped = new Set([...repair.retract.map((a) => a.variable), variable]);
      return { choices: [...row.choices.filter((c) => !dropped.has(c.variable)), { variable, value, by: 'user' as const }] };
    });
  }

  /** Fills every open variable; the values are stored as choices marked `default`, still the customer's to change. */
  complete(id: string, viewer: Viewer | null, strategy: CompletionStrategy): Promise<ConfigurationState & { optimal: boolean }> {
    let optimal = false;
    return this.change(id, viewer, (row, live) => {
      const completion = this.attempt(() => live.session.complete(strategy));
      optimal = completion.optimal;
      // Values the choices already force stay implied; everything else the completion picked is stored.
      const settled = new Set([
        ...row.choices.map((c) => c.variable),
        ...live.session.validDomains().flatMap((d) => (d.possible.length === 1 ? [d.variable] : [])),
      ]);
      const added: Choice[] = completion.assignments
        .filter((a) => !settled.has(a.variable))
        .map((a) => ({ variable: a.variable, value: a.value, by: 'default' }));
      for (const c of added) {
        const result = live.session.assign(c.variable, c.value);
        if (!result.ok) throw new Error('a completion value was refused');
      }
      return { choices: [...row.choices, ...added] };
    }).then((state) => ({ ...state, optimal }));
  }

  reset(id: string, viewer: Viewer | null): Promise<ConfigurationState> {
    return this.change(id, viewer, (_row, live) => {
      live.session.reset();
      return { choices: [], texts: {} };
    });
  }

  setTexts(id: string, viewer: Viewer | null, texts: Record<string, string>): Promise<ConfigurationState> {
    return this.change(id, viewer, (row, live) => {
      const merged = Object.fromEntries(Object.entries({ ...row.texts, ...texts }).filter(([, t]) => t !== ''));
      textProblems(live.runtime, live.session, merged, false);
      return { texts: merged };
    });
  }

  explain(id: string, viewer: Viewer | null, variable: string, value: Value): Promise<ExplanationBody> {
    return this.lock.run(id, async () => {
      const { live } = await this.open(id, viewer);
      return explanationBody(variable, value, this.attempt(() => live.session.explain(variable, value)));
    });
  }

  repair(id: string, viewer: Viewer | null, variable: string, value: Value): Promise<RepairBody | null> {
    return this.lock.run(id, async () => {
      const { live } = await this.open(id, viewer);
      const repair = this.attempt(() => live.session.repair(variable, value));
      return repair ? repairBody(repair) : null;
    });
  }

  /** Reads a configuration the viewer may use, with its live session (rebuilt if another process wrote). */
  async open(id: string, viewer: Viewer | null): Promise<{ row: ConfigurationRow; live: Live }> {
    const [row] = await this.db.query<ConfigurationRow>(
      'SELECT id, product_id, version, owner_id, choices, texts, revision FROM configurations WHERE id = $1',
      [id],
    );
    if (!row || !mayUse(row, viewer)) throw notFound('configuration');
    let live = this.live.get(id);
    if (!live || live.revision !== row.revision) {
      const runtime = await this.catalog.runtime(row.product_id, row.version);
      live = { revision: row.revision, runtime, session: replay(runtime, row.choices), row };
      this.live.set(id, live);
    }
    return { row, live };
  }

  private describe(row: ConfigurationRow, live: Live): ConfigurationState {
    return describeState(
      { id: row.id, productId: row.product_id, version: row.version, revision: row.revision, choices: row.choices, texts: row.texts },
      live.runtime,
      live.session,
    );
  }

  private attempt<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      return sessionErrorToApi(error);
    }
  }

  /**
   * One change: computed on the live session, then written only if nobody wrote since we read
   * (the revision); otherwise the session is dropped and the client is told to retry.
   *
   * A session this process holds is changed without reading the row first: the write's revision
   * condition is the check. If it fails (another process wrote), or the change is refused while the
   * row may have moved on, the change is made again from the row as stored, as if nothing was held.
   */
  private change(
    id: string,
    viewer: Viewer | null,
    apply: (row: ConfigurationRow, live: Live) => { choices?: Choice[]; texts?: Record<string, string> },
  ): Promise<ConfigurationState> {
    return this.lock.run(id, async () => {
      const held = this.live.get(id);
      if (held && mayUse(held.row, viewer)) {
        let outcome: ConfigurationState | null;
        try {
          outcome = await this.tryChange(held.row, held, apply);
        } catch (error) {
          // Refused: the refusal stands if the row is still the one the session was at.
          const [now] = await this.db.query<{ revision: number }>('SELECT revision FROM configurations WHERE id = $1', [id]);
          if (now?.revision === held.row.revision) throw error;
          outcome = null;
        }
        if (outcome) return outcome;
      }
      const { row, live } = await this.open(id, viewer);
      const outcome = await this.tryChange(row, live, apply);
      if (!outcome) throw new ApiError(409, 'stale', 'the configuration changed meanwhile; read it again and retry');
      return outcome;
    });
  }

  /** Applies and writes one change from `row`; null when the row's revision is no longer the stored one. */
  private async tryChange(
    row: ConfigurationRow,
    live: Live,
    apply: (row: ConfigurationRow, live: Live) => { choices?: Choice[]; texts?: Record<string, string> },
  ): Promise<ConfigurationState | null> {
    let next: ConfigurationRow;
    try {
      const update = apply(row, live);
      next = {
        id: row.id,
        product_id: row.product_id,
        version: row.version,
        owner_id: row.owner_id,
        choices: update.choices ?? row.choices,
        texts: update.texts ?? row.texts,
        revision: row.revision + 1,
      };
      const written = await this.writes.submit({ id: row.id, revision: row.revision, choices: next.choices, texts: next.texts });
      if (!written) {
        this.live.delete(row.id);
        return null;
      }
    } catch (error) {
      // The session may hold half of a refused change: rebuild it from the database next time.
      this.live.delete(row.id);
      throw error;
    }
    live.revision = next.revision;
    live.row = next;
    this.live.set(row.id, live);
    return this.describe(next, live);
  }
}

/** The choices with `choice` in place of its variable's earlier one (last, as a new choice is), in one pass. */
function replaceChoice(choices: readonly Choice[], choice: Choice): Choice[] {
  const out: Choice[] = [];
  for (const c of choices) if (c.variable !== choice.variable) out.push(c);
  out.push(choice);
  return out;
}

/** Somebody else's configuration does not exist, as far as this viewer can tell. */
function mayUse(row: ConfigurationRow, viewer: Viewer | null): boolean {
  return row.owner_id === null || row.owner_id === viewer?.user.id || isStaff(viewer);
}
