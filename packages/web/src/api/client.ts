// fetch for the API: JSON in and out, the CSRF header on every write (echoing the atelier_csrf
// cookie the server sets at sign-in), and the server's error body turned into an ApiError.
import { en } from '../i18n/en.ts';
import { fill } from '../i18n/texts.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'atelier_csrf') return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

interface ErrorShape {
  error?: { code?: string; message?: string; details?: unknown };
  message?: string;
}

/** `path` is the shop's own (/api/…), or a whole address on another shop server (the embedded configurator). */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const target = new URL(path, document.baseURI);
  const sameOrigin = target.origin === window.location.origin;
  const sent: Record<string, string> = { accept: 'application/json', ...headers };
  if (body !== undefined) sent['content-type'] = 'application/json';
  // The session and its CSRF token belong to the shop's own pages; a request to another origin
  // carries neither (and the shop refuses the header across origins).
  if (method !== 'GET' && sameOrigin) {
    const token = csrfToken();
    if (token) sent['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(target, {
      method,
      headers: sent,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    // The browser says only "Failed to fetch", for a network failure and a refused cross-origin request alike.
    // Worded in English here; errorText (i18n/error-text.ts) words it in the configurator's language.
    throw sameOrigin
      ? new ApiError(0, 'unreachable', en.errors.unreachable)
      : new ApiError(0, 'unreachable', fill(en.errors.unreachableFrom, { origin: target.origin }), { origin: target.origin });
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const shape = (parsed ?? {}) as ErrorShape;
    throw new ApiError(
      response.status,
      shape.error?.code ?? `http-${response.status}`,
      shape.error?.message ?? shape.message ?? response.statusText,
      shape.error?.details,
    );
  }
  return parsed as T;
}

export const get = <T>(path: string): Promise<T> => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>): Promise<T> => api<T>('POST', path, body, headers);

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
