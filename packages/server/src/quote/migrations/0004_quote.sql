-- A quote freezes a complete configuration and its price until it expires.
CREATE TABLE quotes (
  id uuid PRIMARY KEY,
  product_id text NOT NULL,
  version integer NOT NULL,
  owner_id uuid REFERENCES users (id),
  configuration jsonb NOT NULL,
  choices jsonb NOT NULL,
  texts jsonb NOT NULL,
  lines jsonb NOT NULL,
  total numeric(14, 4) NOT NULL,
  currency text NOT NULL,
  preview text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  FOREIGN KEY (product_id, version) REFERENCES product_versions (product_id, version)
);
CREATE INDEX quotes_owner ON quotes (owner_id);
