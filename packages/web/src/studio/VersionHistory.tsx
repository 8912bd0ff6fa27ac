// Every saved version of the model with its status, author and dates; any one can be opened in the
// editor (after a confirmation when that would drop unsaved changes).
import { useState } from 'react';
import { dateTime } from '../format.ts';
import type { ModelVersion } from './versions.ts';

interface Props {
  versions: readonly ModelVersion[];
  /** The version whose text the editor started from. */
  opened: number | null;
  dirty: boolean;
  onOpen(version: number): void;
}

const statusLabel: Record<ModelVersion['status'], string> = { draft: 'Draft', invalid: 'Invalid', published: 'Published' };

export function VersionHistory({ versions, opened, dirty, onOpen }: Props) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const newestPublished = Math.max(0, ...versions.filter((v) => v.status === 'published').map((v) => v.version));
  return (
    <section className="versions" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      {versions.length === 0 ? <p className="hint">No version yet.</p> : null}
      {confirming !== null ? (
        <div className="confirm" role="group" aria-label={`Open version ${confirming}`}>
          <p>Opening version {confirming} replaces the text in the editor; your unsaved changes will be lost.</p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                onOpen(confirming);
                setConfirming(null);
              }}
            >
              Discard changes and open version {confirming}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(null)}>
              Keep editing
            </button>
          </div>
        </div>
      ) : null}
      {versions.length > 0 ? (
        <div className="table-scroll">
          <table className="versions-table">
            <caption className="visually-hidden">Versions of the model, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">By</th>
                <th scope="col">Saved</th>
                <th scope="col">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...versions].reverse().map((v) => (
                <tr key={v.version} data-version={v.version} data-status={v.status} aria-current={v.version === opened ? 'true' : undefined}>
                  <th scope="row">
                    {v.version}
                    {v.version === opened ? <span className="hint"> (in the editor)</span> : null}
                  </th>
                  <td>
                    <span className={`status-badge ${v.status}`}>{statusLabel[v.status]}</span>
                    {v.version === newestPublished ? <span className="hint"> — in the shop</span> : null}
                    {v.publishedAt ? <span className="hint"> {dateTime(v.publishedAt)}</span> : null}
                    {v.status === 'invalid' ? (
                      <span className="hint">
                        {' '}
                        — {v.diagnostics.filter((d) => d.severity === 'error').length} error(s)
                      </span>
                    ) : null}
                  </td>
                  <td>{v.createdBy?.name ?? 'catalogue at start'}</td>
                  <td>{dateTime(v.createdAt)}</td>
                  <td>
                    <button type="button" className="link" onClick={() => (dirty ? setConfirming(v.version) : onOpen(v.version))}>
                      Open <span className="visually-hidden">version {v.version}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
