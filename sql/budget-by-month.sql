-- Cumulative budget execution by unit and month (预算执行进度), total account, one fiscal year.
--
-- Question: how fast did each unit spend its adjusted budget through the year?
-- progress_rate = executed so far / adjusted budget of the year (percent); time_progress_pct is the
-- share of the year gone by at the end of the month, for comparison (a unit far below it spends
-- late in the year). Amounts in yuan and in 万元 (10,000 yuan).
--
--   jobs/query.sh --file sql/budget-by-month.sql [--year 2023] [--csv]
SELECT coalesce(u.short_name, m.unit_id)              AS short_name,
       m.month,
       m.executed_in_month_yuan,
       m.executed_cumulative_yuan,
       round(m.executed_cumulative_yuan / 10000, 2)   AS executed_cumulative_wan,
       m.progress_rate,
       round(100.0 * m.month / 12, 2)                 AS time_progress_pct,
       m.unit_id
FROM budget_execution_monthly m
LEFT JOIN units u ON u.unit_id = m.unit_id AND u.fiscal_year = ${year}
WHERE m.fiscal_year = ${year} AND m.account = 'total'
ORDER BY m.unit_id, m.month
