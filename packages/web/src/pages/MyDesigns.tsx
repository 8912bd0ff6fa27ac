// /designs — the signed-in customer's saved designs: open one to go on configuring it, copy its share
// link, or delete it (after a confirmation).
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, get, messageOf } from '../api/client.ts';
import type { Design, ProductSummary } from '../api/types.ts';
import { useAuth } from '../auth/auth.tsx';
import { dateTime } from '../format.ts';

const shareLinkOf = (design: Design): string => `${window.location.origin}/shared/${design.shareToken}`;

export function MyDesignsPage() {
  const { user } = useAuth();
  const navigate = useNavigate();
  const [designs, setDesigns] = useState<Design[] | null>(null);
  const [products, setProducts] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!user) return;
    let live = true;
    get<Design[]>('/api/designs')
      .then((list) => live && setDesigns(list))
      .catch((e: unknown) => live && setError(messageOf(e)));
    // Product names read better than ids; a missing catalogue still leaves the designs usable.
    get<ProductSummary[]>('/api/products')
      .then((list) => live && setProducts(new Map(list.map((p) => [p.id, p.name]))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [user]);

  if (user === undefined) {
    return (
      <main id="main" className="narrow">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (user === null) {
    return (
      <main id="main" className="narrow">
        <h1>My designs</h1>
        <p>
          <Link to="/signin?next=/designs">Sign in</Link> to see the designs you saved.
        </p>
      </main>
    );
  }

  const open = (d: Design) => navigate(`/products/${encodeURIComponent(d.productId)}`, { state: { version: d.version, choices: d.choices, texts: d.texts } });

  const copy = async (d: Design) => {
    try {
      await navigator.clipboard.writeText(shareLinkOf(d));
      setNotice(`The link to “${d.name}” is copied.`);
    } catch {
      setNotice('Select the link and copy it.');
    }
  };

  const remove = async (d: Design) => {
    try {
      await api<null>('DELETE', `/api/designs/${encodeURIComponent(d.id)}`);
      setDesigns((list) => (list ?? []).filter((x) => x.id !== d.id));
      setConfirming(null);
      setError(null);
      setNotice(`“${d.name}” is deleted.`);
      // The row and its buttons are gone: the focus goes back to the top of the list.
      heading.current?.focus();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <main id="main" className="designs">
      <h1 ref={heading} tabIndex={-1}>
        My designs
      </h1>
      <p className="status-line" role="status">
        {notice ?? ''}
      </p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {designs === null && !error ? <p role="status">Loading your designs…</p> : null}
      {designs && designs.length === 0 ? (
        <p>
          No saved designs yet. Open a product from the <Link to="/">catalogue</Link> and choose “Save and share”.
        </p>
      ) : null}
      {designs && designs.length > 0 ? (
        <ul className="design-list">
          {designs.map((d) => (
            <DesignItem
              key={d.id}
              design={d}
              product={products.get(d.productId) ?? d.productId}
              confirming={confirming === d.id}
              onOpen={() => open(d)}
              onCopy={() => void copy(d)}
              onAskDelete={() => setConfirming(d.id)}
              onDelete={() => void remove(d)}
              onKeep={() => setConfirming(null)}
            />
          ))}
        </ul>
      ) : null}
    </main>
  );
}

interface ItemProps {
  design: Design;
  product: string;
  confirming: boolean;
  onOpen(): void;
  onCopy(): void;
  onAskDelete(): void;
  onDelete(): void;
  onKeep(): void;
}

function DesignItem({ design, product, confirming, onOpen, onCopy, onAskDelete, onDelete, onKeep }: ItemProps) {
  const confirm = useRef<HTMLButtonElement>(null);
  const askDelete = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const titleId = `design-${design.id}`;
  const texts = Object.keys(design.texts).length;

  useEffect(() => {
    if (confirming) confirm.current?.focus();
    else if (wasConfirming.current) askDelete.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  return (
    <li className="design-card" aria-labelledby={titleId} data-design-id={design.id}>
      <h2 id={titleId}>{design.name}</h2>
      <p className="hint">
        {design.name.includes(product) ? '' : `${product}, `}saved {dateTime(design.createdAt)}; {design.choices.length} choice{design.choices.length === 1 ? '' : 's'}
        {texts > 0 ? `, ${texts} personalisation${texts === 1 ? '' : 's'}` : ''}.
      </p>
      <div className="field share">
        <label htmlFor={`${titleId}-link`}>Share link</label>
        <input id={`${titleId}-link`} type="text" readOnly value={shareLinkOf(design)} onFocus={(e) => e.target.select()} />
      </div>
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby={`${titleId}-confirm`} onKeyDown={(e) => e.key === 'Escape' && onKeep()}>
          <p id={`${titleId}-confirm`}>
            Delete “{design.name}”? Its share link stops working. This cannot be undone.
          </p>
          <div className="actions">
            <button ref={confirm} type="button" className="danger" onClick={onDelete}>
              Delete it
            </button>
            <button type="button" onClick={onKeep}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={onOpen}>
            Open <span className="visually-hidden">{design.name}</span>
          </button>
          <button type="button" onClick={onCopy}>
            Copy link <span className="visually-hidden">to {design.name}</span>
          </button>
          <button ref={askDelete} type="button" onClick={onAskDelete}>
            Delete <span className="visually-hidden">{design.name}</span>
          </button>
        </div>
      )}
    </li>
  );
}
