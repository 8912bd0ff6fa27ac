// /shared/:token — a shared design opens as a copy in the configurator.
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { get, messageOf } from '../api/client.ts';
import type { Design } from '../api/types.ts';

export function SharedPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    get<Design>(`/api/shared/${encodeURIComponent(token)}`)
      .then((d) => {
        if (live) navigate(`/products/${d.productId}`, { replace: true, state: { version: d.version, choices: d.choices, texts: d.texts } });
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [token, navigate]);
  return (
    <main id="main" className="narrow">
      <h1>Shared design</h1>
      {error ? (
        <p role="alert" className="error">
          This link does not open a design: {error}. <Link to="/">Back to the catalogue</Link>
        </p>
      ) : (
        <p role="status">Opening a copy of the design…</p>
      )}
    </main>
  );
}
