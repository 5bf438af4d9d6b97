-- Data quality: quarantined records by source and reason kind (隔离记录), one fiscal year.
--
-- Question: which deliveries had rejected rows, and why?
-- Each quarantined record carries one or more reasons written "kind: detail", e.g.
-- "unparsable_date: entry_date '2023-13-01' …"; the kind is the part before the first ':'.
-- records = quarantined records with at least one reason of that kind; files = how many files they
-- came from; example = one reason of the kind, to show what it looks like.
--
--   jobs/query.sh --file sql/data-quality.sql [--year 2023]
WITH reasons AS (
    SELECT q.source,
           q.file,
           q.line_number,
           r.reason,
           trim(substring_index(r.reason, ':', 1)) AS reason_kind
    FROM quarantine q
    LATERAL VIEW explode(q.reasons) r AS reason
    WHERE q.fiscal_year = ${year}
)
SELECT source,
       reason_kind,
       count(DISTINCT file, line_number) AS records,
       count(DISTINCT file)              AS files,
       min(reason)                       AS example
FROM reasons
GROUP BY source, reason_kind
ORDER BY records DESC, source, reason_kind
