-- The configurator's batched revision write (configurator/revision-writes.ts). Each change finds its
-- row through the primary key, whatever the table's size. Left to the planner, a batch is a hash join
-- over a scan of the whole table: its estimate for a JSON record set is 100 rows (a batch holds a few
-- dozen) and it prices index probes as if they read the disk, so the scan looks cheaper until the
-- table holds tens of thousands of configurations, and every batch reads every configuration made
-- (on PGlite, a batch of 20 took 2.4 ms with 5,000 configurations against 0.5–0.7 ms this way). A
-- plan is also kept for the session once made: one made while the table was small would scan it
-- forever after (PGlite has no autovacuum whose statistics would make it plan again).
CREATE FUNCTION configurator_write(batch jsonb) RETURNS TABLE (id uuid)
LANGUAGE plpgsql
SET enable_hashjoin = off
SET enable_mergejoin = off
SET enable_seqscan = off
AS $$
BEGIN
  RETURN QUERY
    UPDATE configurations AS c
       SET choices = w.choices, texts = w.texts, revision = c.revision + 1, updated_at = now()
      FROM jsonb_to_recordset(batch) AS w (id uuid, revision integer, choices jsonb, texts jsonb)
     WHERE c.id = w.id AND c.revision = w.revision
 RETURNING c.id;
END
$$;
