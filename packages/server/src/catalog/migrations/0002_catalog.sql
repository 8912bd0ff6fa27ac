CREATE TABLE products (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A version's files are its model source as uploaded; `main` names the file to read first.
CREATE TABLE product_versions (
  product_id text NOT NULL REFERENCES products (id),
  version integer NOT NULL,
  main text NOT NULL,
  files jsonb NOT NULL,
  diagnostics jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'invalid', 'published')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  PRIMARY KEY (product_id, version)
);

-- Published versions are what configurations, quotes and orders were made with: never changed again.
CREATE FUNCTION product_version_immutable() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'version % of % is published and cannot change', OLD.version, OLD.product_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER product_versions_immutable
  BEFORE UPDATE OR DELETE ON product_versions
  FOR EACH ROW EXECUTE FUNCTION product_version_immutable();
