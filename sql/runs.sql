-- The latest runs of the evaluation job (运行记录), all fiscal years, newest first.
--
-- Question: did the last runs succeed, and what did they read, accept and reject?
-- Row counts are summed over all sources (job_runs keeps them per source in maps: query
-- rows_rejected['hotline_cases'] for one). status: succeeded, failed_reject_threshold when too
-- many rows were rejected (cleaned tables and quarantine written, no scored table), or
-- failed_delivery_changed when a delivery file changed while the run read it (nothing published).
--
--   jobs/query.sh --file sql/runs.sql
SELECT r.run_id,
       r.fiscal_year,
       r.started_at,
       r.finished_at,
       CAST(unix_timestamp(r.finished_at) - unix_timestamp(r.started_at) AS BIGINT) AS seconds,
       r.status,
       aggregate(map_values(r.rows_read),       CAST(0 AS BIGINT), (acc, n) -> acc + n) AS rows_read,
       aggregate(map_values(r.rows_accepted),   CAST(0 AS BIGINT), (acc, n) -> acc + n) AS rows_accepted,
       aggregate(map_values(r.rows_rejected),   CAST(0 AS BIGINT), (acc, n) -> acc + n) AS rows_rejected,
       aggregate(map_values(r.rows_duplicate),  CAST(0 AS BIGINT), (acc, n) -> acc + n) AS rows_duplicate,
       aggregate(map_values(r.rows_other_year), CAST(0 AS BIGINT), (acc, n) -> acc + n) AS rows_other_year,
       r.reconciliation_mismatches,
       size(r.tables_written) AS tables_written,
       r.config_fingerprint,
       r.message
FROM job_runs r
ORDER BY r.started_at DESC
LIMIT 20
