// /orders/:id — the confirmation after placing, and the order's status with its history. Staff see
// whose order it is and move it on from here, with a note for the history.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { get, messageOf, post } from '../api/client.ts';
import type { Order, OrderStatus } from '../api/types.ts';
import { isStaff, useAuth } from '../auth/auth.tsx';
import { QuoteSummary } from '../components/QuoteSummary.tsx';
import { dateTime, money, statusText } from '../format.ts';

const nextStatuses: Record<OrderStatus, OrderStatus[]> = {
  placed: ['confirmed', 'cancelled'],
  confirmed: ['in_production', 'cancelled'],
  in_production: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export function OrderStatusPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const placed = (location.state as { placed?: boolean } | null)?.placed === true;
  const { user } = useAuth();
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [moved, setMoved] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const staff = isStaff(user);

  useEffect(() => {
    if (user === undefined) return;
    let live = true;
    get<Order>(`/api/orders/${encodeURIComponent(id)}`)
      .then((o) => {
        if (!live) return;
        setOrder(o);
        heading.current?.focus();
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [id, user]);

  const advance = async (status: OrderStatus) => {
    try {
      const next = await post<Order>(`/api/orders/${encodeURIComponent(id)}/status`, { status, ...(note.trim() ? { note: note.trim() } : {}) });
      setOrder(next);
      setNote('');
      setMoved(`The order is now ${statusText(next.status).toLowerCase()}.`);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <main id="main" className="order">
      <h1 ref={heading} tabIndex={-1}>
        {placed ? 'Thank you — your order is placed' : staff && order ? `Order ${order.id.slice(0, 8)}` : 'Order'}
      </h1>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {!order && !error ? <p role="status">Loading the order…</p> : null}
      {order ? (
        <>
          <dl className="order-facts">
            <dt>Order number</dt>
            <dd data-testid="order-id">{order.id}</dd>
            <dt>Status</dt>
            <dd data-testid="order-status">{statusText(order.status)}</dd>
            <dt>Total</dt>
            <dd>{money(order.total, order.currency)}</dd>
            <dt>Placed</dt>
            <dd>{dateTime(order.createdAt)}</dd>
            {staff ? (
              <>
                <dt>Customer</dt>
                <dd data-testid="order-customer">{`${order.customer.name} <${order.customer.email}>`}</dd>
                <dt>Product</dt>
                <dd>
                  <Link to={`/products/${encodeURIComponent(order.quote.productId)}`}>{order.quote.productId}</Link>, model version {order.quote.version}
                </dd>
              </>
            ) : null}
          </dl>
          <h2>History</h2>
          <ol className="history">
            {order.history.map((h, i) => (
              <li key={i}>
                {statusText(h.status)} — {dateTime(h.at)}
                {h.note ? ` — ${h.note}` : ''}
                {h.by ? ` — by ${h.by}` : ''}
              </li>
            ))}
          </ol>
          {moved ? (
            <p role="status" className="notice">
              {moved}
            </p>
          ) : null}
          {staff && nextStatuses[order.status].length > 0 ? (
            <div className="order-move" role="group" aria-label="Move the order on">
              <div className="field">
                <label htmlFor="status-note">Note for the history (optional)</label>
                <input id="status-note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
              </div>
              <div className="actions">
                {nextStatuses[order.status].map((s) => (
                  <button key={s} type="button" onClick={() => void advance(s)}>
                    Mark as {statusText(s).toLowerCase()}
                  </button>
                ))}
              </div>
            </div>
          ) : null}
          <QuoteSummary quote={order.quote} />
          <p>
            <Link to={staff ? '/staff/orders' : '/orders'}>All orders</Link>
          </p>
        </>
      ) : null}
    </main>
  );
}
