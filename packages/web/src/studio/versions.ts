// The catalogue's model versions as the studio reads and writes them (packages/server/src/catalog/routes.ts).
import type { Diagnostic } from '@atelier/modeling';
import { get, post } from '../api/client.ts';
import type { ModelSource } from '../engine/protocol.ts';

export interface ModelVersion {
  productId: string;
  version: number;
  status: 'draft' | 'invalid' | 'published';
  main: string;
  diagnostics: Diagnostic[];
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  publishedAt: string | null;
}

const product = (id: string): string => `/api/products/${encodeURIComponent(id)}`;

export const listVersions = (productId: string): Promise<ModelVersion[]> => get<ModelVersion[]>(`${product(productId)}/versions`);

export const readVersion = (productId: string, version: number): Promise<ModelVersion & { source: ModelSource }> =>
  get<ModelVersion & { source: ModelSource }>(`${product(productId)}/versions/${version}`);

/** Stores the text as a new version; the server checks it and answers draft or invalid with its diagnostics. */
export const saveVersion = (productId: string, source: ModelSource): Promise<ModelVersion> => post<ModelVersion>(`${product(productId)}/versions`, source);

export const publishVersion = (productId: string, version: number): Promise<ModelVersion> => post<ModelVersion>(`${product(productId)}/versions/${version}/publish`);

export const createProduct = (id: string, name: string, source: ModelSource): Promise<ModelVersion> => post<ModelVersion>('/api/products', { id, name, source });

/** Whether two diagnostic lists say the same (the live check against the server's at saving). */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  const key = (d: Diagnostic): string => JSON.stringify([d.severity, d.code, d.file, d.line, d.column, d.message, d.hint ?? '']);
  return a.length === b.length && a.every((d, i) => key(d) === key(b[i]));
}
