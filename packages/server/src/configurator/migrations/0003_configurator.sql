-- A configuration session: the customer's choices in order, replayed on any server process.
-- `revision` detects two writers (two tabs, two processes) so that neither overwrites the other.
CREATE TABLE configurations (
  id uuid PRIMARY KEY,
  product_id text NOT NULL,
  version integer NOT NULL,
  owner_id uuid REFERENCES users (id),
  choices jsonb NOT NULL DEFAULT '[]',
  texts jsonb NOT NULL DEFAULT '{}',
  revision integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (product_id, version) REFERENCES product_versions (product_id, version)
);

-- A saved design is a snapshot; its share token lets anybody open a copy of it.
CREATE TABLE designs (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES users (id),
  name text NOT NULL,
  product_id text NOT NULL,
  version integer NOT NULL,
  choices jsonb NOT NULL,
  texts jsonb NOT NULL,
  share_token text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (product_id, version) REFERENCES product_versions (product_id, version)
);
CREATE INDEX designs_owner ON designs (owner_id);
