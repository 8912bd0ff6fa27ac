import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { sqlState, UNIQUE_VIOLATION } from '../db/database.ts';
import { ApiError } from '../http/errors.ts';

export const Role = z.enum(['customer', 'staff', 'admin']);
export type Role = z.infer<typeof Role>;

export const User = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), role: Role, createdAt: z.iso.datetime() })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

/** Who is calling: the user and the CSRF token their cookie session must echo on writes. */
export interface Viewer {
  user: User;
  csrfToken: string;
  /** How the session token came: a cookie (a browser: writes need the CSRF header) or a bearer header. */
  via: 'cookie' | 'bearer';
}

export interface SignedIn {
  user: User;
  /** The session token: the cookie's value, or a bearer token for API clients. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

const SESSION_DAYS = 30;

interface UserRow extends Record<string, unknown> {
  id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
  password_hash: string;
}

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, name: r.name, role: r.role, createdAt: r.created_at.toISOString() });
const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

// Argon2id (memory-hard) with the library's defaults: 19 MiB, 2 passes — OWASP's minimum.
const hashPassword = (password: string): Promise<string> => hash(password);

/** Compared against when the e-mail is unknown, so a wrong address costs as long as a wrong password. */
let decoy: Promise<string> | null = null;

/** Sign-up, sign-in and the sessions behind the cookie. Owns `users` and `auth_sessions`. */
export class Accounts {
  constructor(private readonly db: Database) {}

  async signUp(input: { email: string; name: string; password: string }, role: Role = 'customer'): Promise<User> {
    const id = randomUUID();
    const passwordHash = await hashPassword(input.password);
    try {
      const [row] = await this.db.query<UserRow>(
        `INSERT INTO users (id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [id, input.email.trim(), input.name.trim(), passwordHash, role],
      );
      return toUser(row);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw new ApiError(409, 'email-taken', 'an account with this e-mail already exists');
      throw error;
    }
  }

  async signIn(email: string, password: string): Promise<SignedIn> {
    const [row] = await this.db.query<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email.trim()]);
    if (!row) {
      decoy ??= hashPassword(randomBytes(16).toString('hex'));
      await verify(await decoy, password);
      throw new ApiError(401, 'bad-credentials', 'wrong e-mail or password');
    }
    if (!(await verify(row.password_hash, password))) throw new ApiError(401, 'bad-credentials', 'wrong e-mail or password');
    return this.openSession(toUser(row));
  }

  async openSession(user: User): Promise<SignedIn> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
    await this.db.query('INSERT INTO auth_sessions (token_digest, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
      digest(token),
      user.id,
      csrfToken,
      expiresAt,
    ]);
    return { user, token, csrfToken, expiresAt };
  }

  async signOut(token: string): Promise<void> {
    await this.db.query('DELETE FROM auth_sessions WHERE token_digest = $1', [digest(token)]);
  }

  /** The session a token opens, if it exists and has not expired. */
  async sessionFor(token: string): Promise<{ user: User; csrfToken: string } | null> {
    const [row] = await this.db.query<UserRow & { csrf_token: string }>(
      `SELECT u.*, s.csrf_token FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_digest = $1 AND s.expires_at > now()`,
      [digest(token)],
    );
    return row ? { user: toUser(row), csrfToken: row.csrf_token } : null;
  }

  async list(): Promise<User[]> {
    return (await this.db.query<UserRow>('SELECT * FROM users ORDER BY created_at, email')).map(toUser);
  }

  async setRole(id: string, role: Role): Promise<User> {
    const [row] = await this.db.query<UserRow>('UPDATE users SET role = $2 WHERE id = $1 RETURNING *', [id, role]);
    if (!row) throw new ApiError(404, 'not-found', 'user not found');
    return toUser(row);
  }

  /** Creates the account if the e-mail is new, and gives it `role`: how the first admin comes to exist. */
  async ensure(input: { email: string; name: string; password: string }, role: Role): Promise<User> {
    const [row] = await this.db.query<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [input.email]);
    if (!row) return this.signUp(input, role);
    return row.role === role ? toUser(row) : this.setRole(row.id, role);
  }
}
