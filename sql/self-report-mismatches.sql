-- Self-reports that disagree with the records (自评值与台账不符) in one fiscal year.
--
-- Question: which units reported completed values (全年完成值) their own records do not support?
-- One row per indicator flagged "mismatch" by the self-report audit: what the unit wrote, the
-- number read from it, the value computed from the records, the difference (reported − computed),
-- and how many mismatches the unit has in all. Units with the most mismatches come first;
-- "unverifiable" self-reports (nothing to compare with) are counted in the last column.
--
--   jobs/query.sh --file sql/self-report-mismatches.sql [--year 2023]
WITH audit AS (
    SELECT a.*,
           sum(CASE WHEN a.flag = 'mismatch' THEN 1 ELSE 0 END) OVER (PARTITION BY a.unit_id)     AS unit_mismatches,
           sum(CASE WHEN a.flag = 'unverifiable' THEN 1 ELSE 0 END) OVER (PARTITION BY a.unit_id) AS unit_unverifiable
    FROM self_report_audit a
    WHERE a.fiscal_year = ${year}
)
SELECT coalesce(u.short_name, a.unit_id) AS short_name,
       a.unit_mismatches,
       a.indicator_id,
       a.name,
       a.reported_text,
       a.reported_value,
       a.computed_value,
       a.difference,
       a.measure_unit,
       a.note,
       a.unit_unverifiable,
       a.unit_id
FROM audit a
LEFT JOIN units u ON u.unit_id = a.unit_id AND u.fiscal_year = ${year}
WHERE a.flag = 'mismatch'
ORDER BY a.unit_mismatches DESC, a.unit_id, abs(a.difference) DESC, a.indicator_id
