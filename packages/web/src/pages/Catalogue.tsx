// The catalogue: every published product, each opening its configurator.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { get, messageOf } from '../api/client.ts';
import type { ProductDefinition, ProductSummary } from '../api/types.ts';

export function CataloguePage() {
  const [products, setProducts] = useState<ProductSummary[] | null>(null);
  const [descriptions, setDescriptions] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    get<ProductSummary[]>('/api/products')
      .then((list) => {
        if (!live) return;
        setProducts(list);
        for (const p of list) {
          if (p.version === null) continue;
          get<ProductDefinition>(`/api/products/${encodeURIComponent(p.id)}`)
            .then((d) => live && d.description && setDescriptions((all) => ({ ...all, [p.id]: d.description ?? '' })))
            .catch(() => undefined);
        }
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, []);

  return (
    <main id="main">
      <h1>Made for you</h1>
      <p className="lead">Pick a product and shape it: every option you see can be made, and you will know why when one cannot.</p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {products === null && !error ? <p role="status">Loading the catalogue…</p> : null}
      <ul className="catalogue">
        {(products ?? [])
          .filter((p) => p.version !== null)
          .map((p) => (
            <li key={p.id} className="product-card">
              <h2>
                <Link to={`/products/${p.id}`}>{p.name}</Link>
              </h2>
              <p>{descriptions[p.id] ?? '\u00a0'}</p>
            </li>
          ))}
      </ul>
    </main>
  );
}
