// /checkout/:quoteId — the quote, then sign in or sign up, then place the order. The idempotency
// key is made once per checkout (kept for the tab), so a double click or a retry never orders twice.
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { get, messageOf, post } from '../api/client.ts';
import type { Order, Quote } from '../api/types.ts';
import { useAuth } from '../auth/auth.tsx';
import { AuthForm } from '../components/AuthForm.tsx';
import { QuoteSummary } from '../components/QuoteSummary.tsx';
import { clearDraft } from '../engine/useConfigurator.ts';

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function idempotencyKey(quoteId: string): string {
  const name = `atelier:order-key:${quoteId}`;
  const known = sessionStorage.getItem(name);
  if (known) return known;
  const key = newKey();
  sessionStorage.setItem(name, key);
  return key;
}

export function CheckoutPage() {
  const { quoteId = '' } = useParams();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [quote, setQuote] = useState<Quote | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    get<Quote>(`/api/quotes/${encodeURIComponent(quoteId)}`)
      .then((q) => live && setQuote(q))
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [quoteId]);

  const place = async () => {
    if (!quote) return;
    setPlacing(true);
    setError(null);
    try {
      const order = await post<Order>('/api/orders', { quoteId: quote.id }, { 'idempotency-key': idempotencyKey(quote.id) });
      clearDraft(quote.productId);
      navigate(`/orders/${order.id}`, { state: { placed: true } });
    } catch (e) {
      setError(messageOf(e));
      setPlacing(false);
    }
  };

  return (
    <main id="main" className="checkout">
      <h1 ref={heading} tabIndex={-1}>
        Your quote
      </h1>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {quote ? <QuoteSummary quote={quote} /> : !error ? <p role="status">Loading the quote…</p> : null}
      {quote ? (
        <section className="place" aria-label="Place the order">
          {user === undefined ? null : user === null ? (
            <>
              <p>Sign in or create an account to place the order.</p>
              <AuthForm onDone={() => heading.current?.focus()} initialMode="signup" />
            </>
          ) : (
            <>
              <p>
                Signed in as <strong>{user.name}</strong> ({user.email}).
              </p>
              <button type="button" className="primary" onClick={() => void place()} disabled={placing || quote.expired}>
                {placing ? 'Placing the order…' : 'Place the order'}
              </button>
            </>
          )}
          <p>
            <Link to={`/products/${quote.productId}`}>Back to the design</Link>
          </p>
        </section>
      ) : null}
    </main>
  );
}
