// /studio — the modelling studio's start (staff and admins): every product with its newest
// published version, each opening its model in the editor; and a new product from a starting model.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { get, messageOf } from '../api/client.ts';
import type { ProductSummary } from '../api/types.ts';
import { isStaff, useAuth } from '../auth/auth.tsx';
import { createProduct } from '../studio/versions.ts';

/** The page's content for staff; everyone else is told why not (and where to sign in). */
export function StaffOnly({ title, next, children }: { title: string; next: string; children: ReactNode }) {
  const { user } = useAuth();
  if (user === undefined) {
    return (
      <main id="main">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (!isStaff(user)) {
    return (
      <main id="main" className="narrow">
        <h1>{title}</h1>
        <p>
          {user ? 'This page is for staff.' : 'Sign in with a staff account to model products.'}{' '}
          {!user ? <Link to={`/signin?next=${encodeURIComponent(next)}`}>Sign in</Link> : null}
        </p>
      </main>
    );
  }
  return <>{children}</>;
}

/** A first model that checks cleanly, to be edited from there. */
function startingModel(id: string, name: string): string {
  const word = id.replace(/-/g, '_');
  return `// ${name}: one choice to start from; add choices, rules and prices below.
product ${/^[a-z_]/.test(word) ? word : `p_${word}`} "${name.replace(/["\\]/g, '')}" {
  currency EUR
  price 100

  choice colour "Colour" {
    value natural "Natural"
    value black "Black" { price 10 }
    default natural
  }
}
`;
}

export function StudioPage() {
  return (
    <StaffOnly title="Studio" next="/studio">
      <ProductList />
    </StaffOnly>
  );
}

function ProductList() {
  const navigate = useNavigate();
  const [products, setProducts] = useState<ProductSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let live = true;
    get<ProductSummary[]>('/api/products')
      .then((list) => live && setProducts(list))
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, []);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setCreating(true);
    setError(null);
    try {
      await createProduct(id, name, { main: `${id}.atl`, files: { [`${id}.atl`]: startingModel(id, name) } });
      navigate(`/studio/${encodeURIComponent(id)}`);
    } catch (e) {
      setError(messageOf(e));
      setCreating(false);
    }
  };

  return (
    <main id="main" className="studio-start">
      <h1>Studio</h1>
      <p className="lead">Edit a product's model, try it in the configurator as you type, and publish a new version.</p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {products === null && !error ? <p role="status">Loading the products…</p> : null}
      {products && products.length > 0 ? (
        <div className="table-scroll">
          <table className="orders-table studio-products">
            <caption className="visually-hidden">Products</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Id</th>
                <th scope="col">In the shop</th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.id} data-product-id={p.id}>
                  <td>
                    <Link to={`/studio/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                  </td>
                  <td>
                    <code>{p.id}</code>
                  </td>
                  <td>{p.version === null ? 'not published yet' : `version ${p.version}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <form className="new-product" onSubmit={(e) => void create(e)} aria-labelledby="new-product-title">
        <h2 id="new-product-title">New product</h2>
        <div className="field">
          <label htmlFor="new-product-id">Id (lower-case letters, digits, - and _)</label>
          <input id="new-product-id" required pattern="[a-z0-9][a-z0-9_\-]{0,63}" value={id} onChange={(e) => setId(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-product-name">Name</label>
          <input id="new-product-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit" className="primary" disabled={creating}>
          {creating ? 'Creating…' : 'Create and edit'}
        </button>
      </form>
    </main>
  );
}
