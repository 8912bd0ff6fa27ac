// /staff/orders — every order (staff), newest first, by status; /orders — the customer's own.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { get, messageOf } from '../api/client.ts';
import type { Order, OrderStatus } from '../api/types.ts';
import { isStaff, useAuth } from '../auth/auth.tsx';
import { dateTime, money, statusText } from '../format.ts';

const statuses: OrderStatus[] = ['placed', 'confirmed', 'in_production', 'shipped', 'delivered', 'cancelled'];

export function OrdersPage({ staff }: { staff: boolean }) {
  const { user } = useAuth();
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [error, setError] = useState<string | null>(null);
  const allowed = staff ? isStaff(user) : Boolean(user);

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    get<Order[]>(`/api/orders?limit=200${status ? `&status=${status}` : ''}`)
      .then((list) => live && setOrders(list))
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [allowed, status]);

  const title = staff ? 'All orders' : 'My orders';
  if (user === undefined) return <main id="main"><p role="status">Loading…</p></main>;
  if (!allowed) {
    return (
      <main id="main" className="narrow">
        <h1>{title}</h1>
        <p>
          {user ? 'This page is for staff.' : 'Sign in to see your orders.'}{' '}
          {!user ? <Link to={`/signin?next=${staff ? '/staff/orders' : '/orders'}`}>Sign in</Link> : null}
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="orders">
      <h1>{title}</h1>
      <div className="field inline">
        <label htmlFor="status-filter">Status</label>
        <select id="status-filter" value={status} onChange={(e) => setStatus(e.target.value as OrderStatus | '')}>
          <option value="">Any</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {statusText(s)}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {orders === null && !error ? <p role="status">Loading the orders…</p> : null}
      {orders && orders.length === 0 ? <p>No orders{status ? ` with status ${statusText(status).toLowerCase()}` : ''}.</p> : null}
      {orders && orders.length > 0 ? (
        <div className="table-scroll">
          <table className="orders-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                {staff ? <th scope="col">Customer</th> : null}
                <th scope="col">Product</th>
                <th scope="col">Status</th>
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id} data-order-id={o.id}>
                  <td>
                    <Link to={`/orders/${o.id}`}>{o.id.slice(0, 8)}</Link>
                  </td>
                  <td>{dateTime(o.createdAt)}</td>
                  {staff ? <td>{o.customer.name}</td> : null}
                  <td>{o.quote.productId}</td>
                  <td>{statusText(o.status)}</td>
                  <td>{money(o.total, o.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </main>
  );
}
