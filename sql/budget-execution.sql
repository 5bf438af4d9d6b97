-- Budget execution by unit and account (预算执行率), one fiscal year.
--
-- Question: how much of its adjusted budget did each unit spend?
-- One row per unit × account: basic (基本支出), project (项目支出) and total (合计). Amounts in 万元
-- (10,000 yuan); execution_rate = executed / adjusted, adjustment_rate = |adjustment| / initial,
-- both percent. The reconciliation table checks that basic + project = total.
--
--   jobs/query.sh --file sql/budget-execution.sql [--year 2023] [--csv]
SELECT coalesce(u.short_name, b.unit_id)   AS short_name,
       b.account,
       CASE b.account WHEN 'basic' THEN '基本支出' WHEN 'project' THEN '项目支出' WHEN 'total' THEN '合计' END AS account_name,
       round(b.initial_yuan / 10000, 2)    AS initial_wan,
       round(b.adjustment_yuan / 10000, 2) AS adjustment_wan,
       round(b.adjusted_yuan / 10000, 2)   AS adjusted_wan,
       round(b.executed_yuan / 10000, 2)   AS executed_wan,
       b.execution_rate,
       b.adjustment_rate,
       b.entry_count,
       b.status,
       b.unit_id
FROM budget_execution b
LEFT JOIN units u ON u.unit_id = b.unit_id AND u.fiscal_year = ${year}
WHERE b.fiscal_year = ${year}
ORDER BY b.unit_id, CASE b.account WHEN 'basic' THEN 1 WHEN 'project' THEN 2 ELSE 3 END
