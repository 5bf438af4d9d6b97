package cn.minhang.citymgmt.metrics;

import cn.minhang.citymgmt.scoring.Measures;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.minhang.citymgmt.metrics.Metric.Accrual.AS_IT_STANDS;
import static cn.minhang.citymgmt.metrics.Metric.Accrual.CUMULATIVE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

/**
 * Every metric the framework needs, and the descriptive ones analysts compare units on, for all
 * units at once: each source aggregated in one pass, then joined to the full unit × metric grid so
 * a unit without records shows a null value (no data), never a silent zero.
 *
 * <p>A source with metrics is added here by one entry in {@link #ANALYZERS} (see {@link SourceAnalyzer}).
 */
public final class UnitMetrics {
    public static final List<String> WASTE_TYPES = List.of(
            "dry", "wet", "recyclable", "low_value_recyclable", "hazardous", "bulky", "construction");
    public static final List<String> CHANNELS = List.of("hotline_12345", "city_ops", "petition");
    public static final List<String> DOMAINS = List.of(
            "road_cleaning", "road_maintenance", "greening", "forestry", "park", "construction_safety", "cityscape");
    /** Facilities whose repaired measure is an area (m2) or a length (m); traffic posts have none. */
    public static final Map<String, String> REPAIR_MEASURES = Map.of(
            "sidewalk", "m2", "asphalt", "m2", "bridge_deck", "m2", "curb", "m", "guardrail", "m");
    public static final List<String> FACILITIES = List.of(
            "sidewalk", "asphalt", "curb", "guardrail", "traffic_post", "bridge_joint", "bridge_approach", "bridge_deck", "other");

    /**
     * Every source with metrics. Their order is the catalog's order of metrics, which the stage's
     * unit × metric grid follows: a new source goes at the end so the existing tables keep theirs.
     */
    public static final List<SourceAnalyzer> ANALYZERS = List.of(
            new SourceAnalyzer(Sources.BUDGET_LEDGER, SourceAnalyzer.Input.BUDGET_EXECUTION,
                    fiscalYear -> budgetMetrics(), (execution, fiscalYear) -> totalAccount(execution)),
            SourceAnalyzer.of(Sources.WASTE_COLLECTIONS, UnitMetrics::wasteMetrics, (trips, fiscalYear) -> siteDays(trips)),
            SourceAnalyzer.of(Sources.HOTLINE_CASES, fiscalYear -> hotlineMetrics(), (cases, fiscalYear) -> callers(cases)),
            SourceAnalyzer.of(Sources.REPAIR_ORDERS, UnitMetrics::repairMetrics),
            SourceAnalyzer.of(Sources.ELEVATOR_PROJECTS, UnitMetrics::elevatorMetrics),
            SourceAnalyzer.of(Sources.ASSET_INVENTORY, fiscalYear -> assetMetrics()),
            SourceAnalyzer.of(Sources.INSPECTIONS, fiscalYear -> inspectionMetrics()),
            SourceAnalyzer.of(Sources.WORKS_PROJECTS, UnitMetrics::worksMetrics),
            SourceAnalyzer.of(Sources.INCIDENTS, fiscalYear -> incidentMetrics()),
            SourceAnalyzer.of(Sources.SURVEYS, fiscalYear -> surveyMetrics()));

    private UnitMetrics() {
    }

    /** The registered analyzer of {@code source}: the per-source methods below run exactly what the stage runs. */
    static SourceAnalyzer analyzer(SourceDefinition source) {
        return ANALYZERS.stream().filter(a -> a.source() == source).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(source.name() + " has no analyzer"));
    }

    static Column countWhere(Column condition) {
        return sum(when(condition, 1).otherwise(0));
    }

    /** 100 × (rows meeting both) / (rows meeting {@code base}); null when no row meets {@code base}. */
    static Column percentWhere(Column numerator, Column base) {
        Column denominator = countWhere(base);
        return when(denominator.gt(0), percent(countWhere(numerator.and(base)), denominator));
    }

    /**
     * {@code numerator ÷ denominator} in decimal arithmetic, half-up to the measure's scale; null when
     * the denominator is 0. Both operands are cast to the measure type first: Spark sizes a decimal
     * quotient from its operands' precisions and cuts the scale when the sum passes 38 digits, and
     * two DECIMAL(24,6) operands keep 14 decimals, so the one rounding that counts is the final cast's.
     */
    static Column quotient(Column numerator, Column denominator) {
        return numerator.cast(Measures.TYPE).divide(denominator.cast(Measures.TYPE)).cast(Measures.TYPE);
    }

    /** 100 × part ÷ whole, as {@link #quotient}: the hundredfold is taken before the division, so it is exact. */
    static Column percent(Column part, Column whole) {
        return quotient(part.cast(Measures.TYPE).multiply(lit(HUNDRED)), whole);
    }

    private static final java.math.BigDecimal HUNDRED = java.math.BigDecimal.valueOf(100);

    static Column sumWhere(Column value, Column condition) {
        return sum(when(condition, value));
    }

    public static Dataset<Row> waste(Dataset<Row> trips, int fiscalYear) {
        return analyzer(Sources.WASTE_COLLECTIONS).compute(trips, fiscalYear);
    }

    private static Dataset<Row> siteDays(Dataset<Row> trips) {
        Column collected = col("refused").equalTo(false);
        // A trip's tonnes are DECIMAL(18,3), held to 0..40 by the source's rule, so DECIMAL(8,3) holds each exactly.
        // Its sums are then DECIMAL(18,3), which Spark adds as longs; sums of DECIMAL(18,3) would be DECIMAL(28,3),
        // added as BigDecimals, a fifth of the city run's metric stage (docs/benchmarks.md). Same values, exact.
        Column tonnes = col("tonnes").cast(DataTypes.createDecimalType(8, 3));
        // One pass: per site and day first (for 一日两清), then per unit from those partial sums.
        List<Column> perSiteDay = new ArrayList<>();
        perSiteDay.add(countWhere(col("waste_type").equalTo("wet").and(collected)).as("wet_trips"));
        perSiteDay.add(countWhere(col("refused")).as("refusals"));
        perSiteDay.add(count(lit(1)).as("trips"));
        perSiteDay.add(sum(tonnes).as("tonnes"));
        for (String type : WASTE_TYPES) {
            perSiteDay.add(sumWhere(tonnes, col("waste_type").equalTo(type)).as("t_" + type));
            perSiteDay.add(countWhere(col("waste_type").equalTo(type)).as("n_" + type));
        }
        return trips.groupBy(col("unit_id"), col("site_id"), to_date(col("collected_at")).as("day"))
                .agg(perSiteDay.get(0), perSiteDay.subList(1, perSiteDay.size()).toArray(Column[]::new));
    }

    static List<Metric> wasteMetrics(int fiscalYear) {
        int days = Year.of(fiscalYear).length();
        List<Metric> metrics = new ArrayList<>();
        for (String type : WASTE_TYPES) {
            metrics.add(new Metric("waste." + type + "_tonnes_per_day", "t", CUMULATIVE,
                    quotient(coalesce(sum(col("t_" + type)), lit(0)), lit(days)), sum(col("n_" + type))));
        }
        metrics.add(new Metric("waste.total_tonnes_per_day", "t", CUMULATIVE, quotient(sum(col("tonnes")), lit(days)), sum(col("trips"))));
        metrics.add(new Metric("waste.refusals", "count", CUMULATIVE, sum(col("refusals")), sum(col("refusals"))));
        metrics.add(new Metric("waste.wet_twice_daily_share", "percent", AS_IT_STANDS,
                percentWhere(col("wet_trips").geq(2), col("wet_trips").geq(1)), countWhere(col("wet_trips").geq(1))));
        metrics.add(new Metric("waste.collection_sites", "count", AS_IT_STANDS, countDistinct(col("site_id")), sum(col("trips"))));
        return metrics;
    }

    public static Dataset<Row> hotline(Dataset<Row> cases) {
        // The year changes none of this source's metrics.
        return analyzer(Sources.HOTLINE_CASES).compute(cases, 0);
    }

    private static Dataset<Row> callers(Dataset<Row> cases) {
        // Per caller first, so repeat callers are counted in the same pass as everything else.
        List<Column> perCaller = new ArrayList<>();
        perCaller.add(count(lit(1)).as("cases"));
        for (String channel : CHANNELS) {
            perCaller.add(countWhere(col("channel").equalTo(channel)).as("c_" + channel));
        }
        perCaller.add(countWhere(col("origin").equalTo("passive")).as("passive"));
        perCaller.add(countWhere(col("origin").equalTo("active")).as("active"));
        perCaller.add(countWhere(col("closed_at").isNotNull()).as("closed"));
        perCaller.add(countWhere(col("closed_at").leq(col("due_at"))).as("closed_on_time"));
        perCaller.add(countWhere(col("satisfaction").isNotNull()).as("rated"));
        perCaller.add(countWhere(col("satisfaction").isin("satisfied", "basically_satisfied")).as("satisfied"));
        return cases.groupBy(col("unit_id"), col("caller_key"))
                .agg(perCaller.get(0), perCaller.subList(1, perCaller.size()).toArray(Column[]::new));
    }

    static List<Metric> hotlineMetrics() {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("hotline.cases_total", "count", CUMULATIVE, sum(col("cases")), sum(col("cases"))));
        for (String channel : CHANNELS) {
            metrics.add(new Metric("hotline.cases_" + channel, "count", CUMULATIVE, sum(col("c_" + channel)), sum(col("c_" + channel))));
        }
        metrics.add(new Metric("hotline.cases_passive", "count", CUMULATIVE, sum(col("passive")), sum(col("passive"))));
        metrics.add(new Metric("hotline.cases_active", "count", CUMULATIVE, sum(col("active")), sum(col("active"))));
        metrics.add(new Metric("hotline.closure_rate", "percent", AS_IT_STANDS, ratio(sum(col("closed")), sum(col("cases"))), sum(col("cases"))));
        metrics.add(new Metric("hotline.on_time_closure_rate", "percent", AS_IT_STANDS,
                ratio(sum(col("closed_on_time")), sum(col("closed"))), sum(col("closed"))));
        metrics.add(new Metric("hotline.satisfaction_rate", "percent", AS_IT_STANDS, ratio(sum(col("satisfied")), sum(col("rated"))), sum(col("rated"))));
        Column repeat = col("caller_key").isNotNull().and(col("cases").gt(1));
        metrics.add(new Metric("hotline.repeat_callers", "count", CUMULATIVE, countWhere(repeat), sumWhere(col("cases"), repeat)));
        return metrics;
    }

    private static Column ratio(Column numerator, Column denominator) {
        return when(denominator.gt(0), percent(numerator, denominator));
    }

    public static Dataset<Row> repairs(Dataset<Row> orders, int fiscalYear) {
        return analyzer(Sources.REPAIR_ORDERS).compute(orders, fiscalYear);
    }

    static List<Metric> repairMetrics(int fiscalYear) {
        Column done = year(col("completed_on")).equalTo(fiscalYear);
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("repair.orders_completed", "count", CUMULATIVE, countWhere(done), countWhere(done)));
        metrics.add(new Metric("repair.on_time_share", "percent", AS_IT_STANDS,
                percentWhere(col("completed_on").leq(col("due_on")), done), countWhere(done)));
        metrics.add(new Metric("repair.first_time_acceptance_rate", "percent", AS_IT_STANDS,
                percentWhere(col("accepted_first_time"), done.and(col("accepted_first_time").isNotNull())),
                countWhere(done.and(col("accepted_first_time").isNotNull()))));
        for (String facility : FACILITIES) {
            Column of = done.and(col("facility").equalTo(facility));
            metrics.add(new Metric("repair." + facility + "_quantity", "count", CUMULATIVE,
                    coalesce(sumWhere(col("quantity"), of), lit(0)), countWhere(of)));
            String unit = REPAIR_MEASURES.get(facility);
            if (unit != null) {
                Column measured = of.and(col("measure_unit").equalTo(unit));
                metrics.add(new Metric("repair." + facility + "_measure", unit, CUMULATIVE,
                        coalesce(sumWhere(col("measure"), measured), lit(0)), countWhere(measured)));
            }
        }
        return metrics;
    }

    public static Dataset<Row> elevators(Dataset<Row> lifts, int fiscalYear) {
        return analyzer(Sources.ELEVATOR_PROJECTS).compute(lifts, fiscalYear);
    }

    static List<Metric> elevatorMetrics(int fiscalYear) {
        List<Metric> metrics = new ArrayList<>();
        for (String stage : List.of("signed", "started", "completed")) {
            Column in = year(col(stage + "_on")).equalTo(fiscalYear);
            metrics.add(new Metric("elevator." + stage + "_in_year", "count", CUMULATIVE, countWhere(in), countWhere(in)));
        }
        Column inService = year(col("in_service_on")).leq(fiscalYear);
        metrics.add(new Metric("elevator.in_service_total", "count", AS_IT_STANDS, countWhere(inService), countWhere(inService)));
        return metrics;
    }

    public static Dataset<Row> assets(Dataset<Row> inventory) {
        // The year changes none of this source's metrics.
        return analyzer(Sources.ASSET_INVENTORY).compute(inventory, 0);
    }

    static List<Metric> assetMetrics() {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(assetTotal("asset.park_count", "park", "count", Map.of("count", ONE)));
        metrics.add(assetTotal("asset.street_tree_count", "street_tree", "count", Map.of("count", ONE)));
        metrics.add(assetTotal("asset.public_toilet_count", "public_toilet", "count", Map.of("count", ONE)));
        metrics.add(assetTotal("asset.road_km", "road", "km", Map.of("km", ONE)));
        metrics.add(assetTotal("asset.drain_pipe_km", "drain_pipe", "km", Map.of("km", ONE)));
        metrics.add(assetTotal("asset.public_green_m2", "public_green", "m2", Map.of("m2", ONE, "mu", times(M2_PER_MU))));
        metrics.add(assetTotal("asset.cleaning_area_m2", "cleaning_area", "m2", Map.of("m2", ONE, "mu", times(M2_PER_MU))));
        metrics.add(assetTotal("asset.forest_mu", "forest", "mu", Map.of("mu", ONE, "m2", over(M2_PER_MU))));
        return metrics;
    }

    private static final java.math.BigDecimal M2_PER_MU = new java.math.BigDecimal("666.67");
    private static final java.util.function.UnaryOperator<Column> ONE = q -> q;

    private static java.util.function.UnaryOperator<Column> times(java.math.BigDecimal factor) {
        return q -> q.multiply(lit(factor));
    }

    private static java.util.function.UnaryOperator<Column> over(java.math.BigDecimal divisor) {
        return q -> q.divide(lit(divisor));
    }

    /**
     * Σ quantity of one asset type, converted to {@code unit}; rows in other units do not count.
     * The sum is a decimal sum, exact whatever order the rows arrive in, so the same records always
     * give the same value.
     */
    private static Metric assetTotal(String id, String type, String unit, Map<String, java.util.function.UnaryOperator<Column>> conversions) {
        Column converted = lit(null);
        Column known = lit(false);
        for (Map.Entry<String, java.util.function.UnaryOperator<Column>> c : new java.util.TreeMap<>(conversions).entrySet()) {
            Column of = col("measure_unit").equalTo(c.getKey());
            converted = when(of, c.getValue().apply(col("quantity")).cast("decimal(30,6)")).otherwise(converted);
            known = known.or(of);
        }
        Column usable = col("asset_type").equalTo(type).and(known);
        return new Metric(id, unit, AS_IT_STANDS, coalesce(sumWhere(converted, usable), lit(0)), countWhere(usable));
    }

    public static Dataset<Row> inspections(Dataset<Row> checks) {
        // The year changes none of this source's metrics.
        return analyzer(Sources.INSPECTIONS).compute(checks, 0);
    }

    static List<Metric> inspectionMetrics() {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(passRate("inspection.road_pass_rate", col("domain").isin("road_cleaning", "road_maintenance")));
        metrics.add(passRate("inspection.green_pass_rate", col("domain").isin("greening", "forestry", "park")));
        metrics.add(passRate("inspection.pass_rate", lit(true)));
        for (String domain : DOMAINS) {
            Column of = col("domain").equalTo(domain);
            metrics.add(passRate("inspection." + domain + "_pass_rate", of));
            metrics.add(new Metric("inspection." + domain + "_mean_score", "points", AS_IT_STANDS,
                    meanWhere(col("score"), of), countWhere(of.and(col("score").isNotNull()))));
        }
        return metrics;
    }

    private static Metric passRate(String id, Column scope) {
        return new Metric(id, "percent", AS_IT_STANDS, percentWhere(col("passed"), scope), countWhere(scope));
    }

    private static final java.math.BigDecimal DAYS_PER_YEAR = new java.math.BigDecimal("365.25");

    /** The mean of {@code value} over the rows meeting {@code condition}, as {@link #quotient}; null when none has a value. */
    private static Column meanWhere(Column value, Column condition) {
        Column counted = condition.and(value.isNotNull());
        return when(countWhere(counted).gt(0), quotient(sumWhere(value, counted), countWhere(counted)));
    }

    public static Dataset<Row> works(Dataset<Row> projects, int fiscalYear) {
        return analyzer(Sources.WORKS_PROJECTS).compute(projects, fiscalYear);
    }

    static List<Metric> worksMetrics(int fiscalYear) {
        Column finished = year(col("actual_finish")).equalTo(fiscalYear);
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("works.finished_in_year", "count", CUMULATIVE, countWhere(finished), countWhere(finished)));
        Column judged = finished.and(col("accepted_first_time").isNotNull());
        metrics.add(new Metric("works.first_time_acceptance_rate", "percent", AS_IT_STANDS,
                percentWhere(col("accepted_first_time"), judged), countWhere(judged)));
        metrics.add(new Metric("works.mean_duration_years", "years", AS_IT_STANDS,
                // Whole days summed as integers, divided once: the same value in any row order.
                quotient(sum(when(finished, datediff(col("actual_finish"), col("planned_start")))),
                        countWhere(finished).multiply(lit(DAYS_PER_YEAR))), countWhere(finished)));
        metrics.add(new Metric("works.active_in_year", "count", AS_IT_STANDS, count(lit(1)), count(lit(1))));
        return metrics;
    }

    public static Dataset<Row> incidents(Dataset<Row> events) {
        // The year changes none of this source's metrics.
        return analyzer(Sources.INCIDENTS).compute(events, 0);
    }

    static List<Metric> incidentMetrics() {
        List<Metric> metrics = new ArrayList<>();
        for (String severity : List.of("major", "general", "minor")) {
            Column of = col("severity").equalTo(severity);
            metrics.add(new Metric("incident." + severity + "_count", "count", CUMULATIVE, countWhere(of), countWhere(of)));
        }
        return metrics;
    }

    public static Dataset<Row> surveys(Dataset<Row> surveys) {
        // The year changes none of this source's metrics.
        return analyzer(Sources.SURVEYS).compute(surveys, 0);
    }

    static List<Metric> surveyMetrics() {
        List<Metric> metrics = new ArrayList<>();
        for (String topic : List.of("beneficiary", "property")) {
            Column of = col("topic").equalTo(topic).and(col("satisfied").isNotNull());
            metrics.add(new Metric("survey." + topic + "_satisfaction", "percent", AS_IT_STANDS,
                    when(sumWhere(col("respondents"), of).gt(0),
                            percent(sumWhere(col("satisfied"), of), sumWhere(col("respondents"), of))),
                    countWhere(of)));
        }
        Column cityscape = col("topic").equalTo("cityscape").and(col("score").isNotNull());
        metrics.add(new Metric("survey.cityscape_mean_score", "points", AS_IT_STANDS, meanWhere(col("score"), cityscape), countWhere(cityscape)));
        metrics.add(new Metric("survey.respondents", "count", CUMULATIVE, sum(col("respondents")), count(lit(1))));
        return metrics;
    }

    /** From the budget_execution table (total account): the figures §5 scores. */
    public static Dataset<Row> budget(Dataset<Row> execution) {
        // The year changes none of this source's metrics.
        return analyzer(Sources.BUDGET_LEDGER).compute(execution, 0);
    }

    private static Dataset<Row> totalAccount(Dataset<Row> execution) {
        return execution.filter(col("account").equalTo("total"));
    }

    static List<Metric> budgetMetrics() {
        Column entries = max(col("entry_count"));
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("budget.execution_rate", "percent", CUMULATIVE, max(col("execution_rate")), entries));
        metrics.add(new Metric("budget.adjustment_rate", "percent", AS_IT_STANDS, max(col("adjustment_rate")), entries));
        metrics.add(new Metric("budget.adjusted_yuan", "yuan", AS_IT_STANDS, when(entries.gt(0), max(col("adjusted_yuan"))), entries));
        metrics.add(new Metric("budget.executed_yuan", "yuan", CUMULATIVE, when(entries.gt(0), max(col("executed_yuan"))), entries));
        return metrics;
    }
}
