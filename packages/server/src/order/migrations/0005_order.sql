-- One order per quote, and one per (customer, idempotency key): a retried request finds the first.
CREATE TABLE orders (
  id uuid PRIMARY KEY,
  quote_id uuid NOT NULL UNIQUE REFERENCES quotes (id),
  customer_id uuid NOT NULL REFERENCES users (id),
  idempotency_key text NOT NULL,
  status text NOT NULL,
  total numeric(14, 4) NOT NULL,
  currency text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX orders_customer ON orders (customer_id, created_at);

CREATE TABLE order_events (
  order_id uuid NOT NULL REFERENCES orders (id),
  seq integer NOT NULL,
  status text NOT NULL,
  note text,
  actor_id uuid REFERENCES users (id),
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, seq)
);
