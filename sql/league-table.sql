-- District league table (区内排名) of one fiscal year.
--
-- Question: how do the district's units rank, and how did each move against last year?
-- One row per unit: district rank (ties share a rank: 1, 2, 2, 4), unit, total score, grade
-- (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below), last year's total and the change (NULL when the unit
-- has no scorecard for the previous year, or when the two years did not score the same indicators
-- on data: then unit_scorecard's comparable_change is the change over the indicators scored on
-- data in both years), the five level-1 scores (一级指标: 预算执行 10,
-- 部门管理 20, 产出指标 25, 效益指标 35, 满意度指标 10), the percentile (share of the district's
-- units with a lower total, percent) and how many indicators had no data.
--
--   jobs/query.sh --file sql/league-table.sql [--year 2023] [--csv]
SELECT s.district_rank,
       s.short_name,
       s.unit_type,
       s.total_score,
       s.grade,
       s.previous_total,
       s.total_change,
       s.score_budget       AS budget_10,
       s.score_mgmt         AS management_20,
       s.score_output       AS output_25,
       s.score_outcome      AS outcome_35,
       s.score_satisfaction AS satisfaction_10,
       s.percentile,
       s.indicators_no_data,
       s.unit_id
FROM unit_scorecard s
WHERE s.fiscal_year = ${year}
ORDER BY s.district_rank, s.total_score DESC, s.unit_id
