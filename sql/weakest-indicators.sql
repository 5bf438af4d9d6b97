-- Each unit's three weakest indicators (最薄弱的三项指标) in one fiscal year.
--
-- Question: where did each unit lose its points?
-- "Weakest" = the largest share of the indicator's weight that was lost, (weight − score) / weight;
-- ties go to the indicator that lost more points. Indicators that lost nothing are left out, so a
-- unit may show fewer than three. An indicator without data counts as fully lost (its status says
-- no_data). The note is the job's explanation of the score. For the units in league-table order,
-- join unit_scorecard (district_rank) in your own copy.
--
--   jobs/query.sh --file sql/weakest-indicators.sql [--year 2023]
WITH lost AS (
    SELECT i.unit_id,
           i.indicator_id,
           i.level1,
           i.name,
           i.weight,
           coalesce(i.score, 0)                                    AS score,
           i.weight - coalesce(i.score, 0)                         AS points_lost,
           round(100 * (i.weight - coalesce(i.score, 0)) / i.weight, 1) AS weight_lost_pct,
           i.status,
           i.note
    FROM indicator_scores i
    WHERE i.fiscal_year = ${year} AND i.weight > 0
),
ranked AS (
    SELECT l.*,
           row_number() OVER (PARTITION BY l.unit_id
                              ORDER BY l.weight_lost_pct DESC, l.points_lost DESC, l.indicator_id) AS position
    FROM lost l
    WHERE l.points_lost > 0
)
SELECT coalesce(u.short_name, r.unit_id) AS short_name,
       r.position,
       r.level1,
       r.name,
       r.weight,
       r.score,
       r.points_lost,
       r.weight_lost_pct,
       r.status,
       r.note,
       r.indicator_id,
       r.unit_id
FROM ranked r
LEFT JOIN units u ON u.unit_id = r.unit_id AND u.fiscal_year = ${year}
WHERE r.position <= 3
ORDER BY r.unit_id, r.position
