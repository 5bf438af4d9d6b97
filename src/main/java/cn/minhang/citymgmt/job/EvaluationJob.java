package cn.minhang.citymgmt.job;

import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.budget.BudgetExecution;
import cn.minhang.citymgmt.checks.Reconciliation;
import cn.minhang.citymgmt.checks.RejectLimit;
import cn.minhang.citymgmt.evaluation.IndicatorScorer;
import cn.minhang.citymgmt.evaluation.IndicatorScores;
import cn.minhang.citymgmt.evaluation.SelfReportAudits;
import cn.minhang.citymgmt.evaluation.UnitScorecard;
import cn.minhang.citymgmt.framework.Framework;
import cn.minhang.citymgmt.metrics.MetricsStage;
import cn.minhang.citymgmt.monitoring.AsOfRecords;
import cn.minhang.citymgmt.monitoring.Monitoring;
import cn.minhang.citymgmt.monitoring.TimeProgress;
import cn.minhang.citymgmt.scoring.ResultRules;
import cn.minhang.citymgmt.scoring.BudgetLineAudit;
import cn.minhang.citymgmt.evaluation.BudgetLineAudits;
import cn.minhang.citymgmt.evaluation.ResultsApplication;
import cn.minhang.citymgmt.scoring.QualitativeRule;
import cn.minhang.citymgmt.scoring.QuantitativeRule;
import cn.minhang.citymgmt.ingest.Delivery;
import cn.minhang.citymgmt.ingest.DeliveryFile;
import cn.minhang.citymgmt.ingest.DeliveryReader;
import cn.minhang.citymgmt.ingest.IngestedSource;
import cn.minhang.citymgmt.ingest.Outcome;
import cn.minhang.citymgmt.ingest.SourceIngest;
import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.Publication;
import cn.minhang.citymgmt.tables.PublishedReader;
import cn.minhang.citymgmt.tables.Table;
import cn.minhang.citymgmt.tables.YearLock;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;

/**
 * Evaluates one fiscal year for every unit of the district: ingest every source, then budget
 * execution, then the reconciliation and the run record. The entry point of spark-submit.
 */
public final class EvaluationJob {
    /** Quarantined rows per source that the log lists when a source's rejects are within its limit. */
    static final int REJECTS_LISTED = 5;

    private final JobOptions options;
    private final JobConfig config;
    private final List<SourceDefinition> sources;
    private final String runId;
    private final RunLog log;
    private Framework framework;
    /** The publications as the run first read them, for last year's tables ({@link #previousYear}). */
    private PublishedReader published;
    private ResultRules resultRules;
    /** Every delivery file as the run listed it, before reading: checked again before anything is written or published. */
    private List<DeliveryFile> listed = List.of();
    /**
     * What this run cached, released when it ends. Only these: the session may be shared with other
     * work (a notebook, another run, tests side by side), whose caches are not the run's to drop.
     */
    private final List<Dataset<?>> cached = java.util.Collections.synchronizedList(new ArrayList<>());

    public EvaluationJob(JobOptions options, JobConfig config) {
        this(options, config, Sources.ALL);
    }

    /**
     * A run over {@code sources}: the registered ones ({@link Sources#ALL}), or those plus a source a
     * test or a district adds. A source is its definition: reading, validation, quarantine, its cleaned
     * table and the reconciliation follow from it alone.
     */
    public EvaluationJob(JobOptions options, JobConfig config, List<SourceDefinition> sources) {
        if (!sources.contains(Sources.UNITS)) {
            throw new IllegalArgumentException("the units source is required: every other source is checked against it");
        }
        this.options = options;
        this.config = config;
        this.sources = List.copyOf(sources);
        this.runId = newRunId();
        this.log = new RunLog(runId);
    }

    static String newRunId() {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.now());
        return stamp + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String runId() {
        return runId;
    }

    /** The year's indicator framework, read and validated once, before Spark starts. */
    Framework framework() {
        if (framework == null) {
            framework = Framework.load(java.nio.file.Path.of(config.get(JobConfig.FRAMEWORK_DIR)), options.year());
        }
        return framework;
    }

    /** The rules of the results application, read and validated once, before Spark starts. */
    ResultRules resultRules() {
        if (resultRules == null) {
            try {
                java.nio.file.Path rules = java.nio.file.Path.of(config.get(JobConfig.RESULTS_RULES));
                resultRules = !config.resultRulesNamed() && !java.nio.file.Files.exists(rules) ? ResultRules.defaults() : ResultRules.load(rules);
            } catch (IllegalArgumentException e) {
                throw RunStopped.badInput(e.getMessage());
            }
        }
        return resultRules;
    }

    /** What an operator must fix, found before Spark even starts and before anything is written. */
    public void preflight() {
        String input = config.get(JobConfig.INPUT);
        if (!input.contains("://") && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(input))) {
            throw RunStopped.badInput("input folder " + input + " does not exist");
        }
        checkPersonalDataKey(input);
        framework();
        resultRules();
    }

    /**
     * The sample key is public, and phone numbers are a space of about 10^10: under a published key
     * their HMAC can be reversed by enumeration, so the caller_key of real data would be personal
     * data in clear. The key may hash only the bundled sample, or any input when a test says so.
     */
    private void checkPersonalDataKey(String input) {
        if (!config.usesSampleKey() || options.allowSampleKey() || isBundledSample(input)) {
            return;
        }
        throw RunStopped.badInput("personal data of " + input + " would be hashed with the public sample key: set the environment"
                + " variable " + JobConfig.HMAC_KEY_ENV + " to a secret of at least 16 characters (e.g. export "
                + JobConfig.HMAC_KEY_ENV + "=\"$(openssl rand -base64 32)\", kept in the scheduler's secret store), or "
                + JobConfig.HMAC_KEY + " in a configuration file only the job can read; " + JobOptions.ALLOW_SAMPLE_KEY
                + " lets tests run on other inputs");
    }

    private boolean isBundledSample(String input) {
        if (input.contains("://")) {
            return false;
        }
        try {
            java.nio.file.Path sample = config.home().resolve("sample-data");
            return java.nio.file.Files.isDirectory(sample)
                    && java.nio.file.Path.of(input).toRealPath().equals(sample.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** A run stopped before writing anything leaves no folder behind, not even its released lock's. */
    private static void removeIfEmpty(java.nio.file.Path warehouse) {
        try {
            java.nio.file.Files.deleteIfExists(warehouse.resolve(YearLock.LOCKS_DIR));
            java.nio.file.Files.deleteIfExists(warehouse);
        } catch (IOException e) {
            // not empty: the run wrote tables, or another run holds a lock there
        }
    }

    /** Runs the evaluation; throws {@link RunStopped} for anything the operator must fix. */
    public RunSummary run(SparkSession spark) {
        preflight();
        String root = config.get(JobConfig.WAREHOUSE);
        boolean freshWarehouse = !root.contains("://") && !java.nio.file.Files.exists(java.nio.file.Path.of(root));
        YearLock lock;
        try {
            lock = YearLock.acquire(spark.sparkContext().hadoopConfiguration(), root, options.year(), runId);
        } catch (YearLock.HeldException e) {
            throw RunStopped.yearInProgress(e.getMessage());
        }
        if (lock.tookOverStaleLock()) {
            log.warn("took over the lock of fiscal year %d left by a run that is gone: %s", options.year(), lock.staleHolder().orElseThrow());
        }
        try (lock) {
            return evaluate(spark);
        } finally {
            // The run's persisted scans are no use to the next run in the same session.
            synchronized (cached) {
                cached.forEach(d -> d.unpersist(false));
                cached.clear();
            }
            if (freshWarehouse) {
                removeIfEmpty(java.nio.file.Path.of(root));
            }
        }
    }

    private RunSummary evaluate(SparkSession spark) {
        int year = options.year();
        Instant started = Instant.now();
        String input = config.get(JobConfig.INPUT);
        DeltaWarehouse warehouse = new DeltaWarehouse(config.get(JobConfig.WAREHOUSE), runId);
        log.info("evaluating fiscal year %d: input %s, warehouse %s, configuration %s, framework %s (sha256 %s)", year, input,
                config.get(JobConfig.WAREHOUSE), config.origin(), framework().file(), framework().fingerprint().substring(0, 12));
        if (config.usesSampleKey()) {
            log.warn("personal data is hashed with the SAMPLE key; set %s or %s for real data",
                    JobConfig.HMAC_KEY_ENV, JobConfig.HMAC_KEY);
        }

        Framework framework = framework();
        Map<SourceDefinition, List<DeliveryFile>> deliveries = listDeliveries(spark, input);
        listed = deliveries.values().stream().flatMap(List::stream).toList();
        Map<String, Delivery> known = knownDeliveries(spark, warehouse);
        chooseExecution(spark, deliveries, known);
        try (Stages stages = new Stages(config.parallelStages(spark.sparkContext().defaultParallelism()), log, spark.sparkContext())) {
            // Units first: every other source checks its unit ids against them. Then the rest side by side.
            IngestedSource units = stages.submit("read " + Sources.UNITS.name(),
                    () -> ingest(spark, Sources.UNITS, input, deliveries.get(Sources.UNITS), known, null)).join();
            Dataset<Row> knownUnits = units.accepted().select(col(Sources.UNIT_ID));
            Map<SourceDefinition, Stages.Stage<IngestedSource>> reads = new LinkedHashMap<>();
            for (SourceDefinition source : sources) {
                if (source != Sources.UNITS) {
                    reads.put(source, stages.submit("read " + source.name(), () -> ingest(spark, source, input, deliveries.get(source), known, knownUnits)));
                }
            }
            List<IngestedSource> ingested = new ArrayList<>();
            for (SourceDefinition source : sources) {
                ingested.add(source == Sources.UNITS ? units : reads.get(source).join());
            }
            List<String> problems = ingested.stream().flatMap(s -> s.fileProblems().stream()).toList();
            if (!problems.isEmpty()) {
                throw RunStopped.badInput("bad deliver" + (problems.size() == 1 ? "y" : "ies") + ", nothing written:\n  "
                        + String.join("\n  ", problems));
            }
            List<String> changedWhileRead = changedDeliveries(spark, input);
            if (!changedWhileRead.isEmpty()) {
                throw RunStopped.badInput(changedMessage(changedWhileRead, "nothing written"));
            }
            logSkipped(ingested);
            if (options.monitoring()) {
                return monitor(spark, stages, warehouse, ingested, units, started);
            }

            Reconciliation reconciliation = new Reconciliation();
            ingested.forEach(reconciliation::rowsRead);
            for (IngestedSource s : ingested) {
                stages.write("write " + s.source().name(), () -> warehouse.replaceYear(s.source().name(), s.accepted(), year, false));
            }
            Dataset<Row> quarantine = ingested.stream().map(IngestedSource::quarantined).reduce(Dataset::unionByName).orElseThrow();
            stages.write("write quarantine", () -> warehouse.replaceYear(Table.QUARANTINE, quarantine, year));

            List<RejectLimit.Verdict> verdicts = judgeRejects(ingested);
            List<RejectLimit.Verdict> overLimit = verdicts.stream().filter(RejectLimit.Verdict::exceeded).toList();
            if (!overLimit.isEmpty()) {
                stages.awaitWrites();
                String message = overLimitMessage(overLimit);
                finish(spark, stages, warehouse, reconciliation, ingested, started, "failed_reject_threshold", message, 0);
                throw RunStopped.tooManyRejects(message);
            }
            logRejectsWithinLimit(verdicts, quarantine);

            // The scoring chain runs here while the cleaned tables are written beside it: it reads the
            // ingest's cached rows, not the tables.
            IngestedSource ledger = source(ingested, Sources.BUDGET_LEDGER);
            Dataset<Row> execution = log.stage("budget execution",
                    () -> cache(BudgetExecution.perAccount(ledger.accepted(), units.accepted(), year)), d -> "planned");
            stages.write("write budget_execution", () -> warehouse.replaceYear(Table.BUDGET_EXECUTION, execution, year));
            stages.write("write budget_execution_monthly", () -> warehouse.replaceYear(Table.BUDGET_EXECUTION_MONTHLY,
                    BudgetExecution.monthly(ledger.accepted(), execution, year), year));
            log.stage("budget reconciliation", () -> {
                reconciliation.budget(execution, ledger.accepted());
                return reconciliation.checks().size();
            }, n -> n + " checks so far");

            Map<String, Dataset<Row>> cleaned = new LinkedHashMap<>();
            ingested.forEach(s -> cleaned.put(s.source().name(), s.accepted()));
            IngestedSource incidents = source(ingested, Sources.INCIDENTS);
            boolean incidentsDelivered = incidents.count(Outcome.ACCEPTED) + incidents.count(Outcome.QUARANTINED) > 0;
            Dataset<Row> metrics = cache(MetricsStage.compute(spark, cleaned, units.accepted(), execution, year, incidentsDelivered));
            stages.write("write unit_metrics", () -> warehouse.replaceYear(Table.UNIT_METRICS, metrics, year));

            Dataset<Row> previousMetrics = previousYear(spark, warehouse, Table.UNIT_METRICS, year);
            if (previousMetrics == null) {
                log.warn("no %d metrics in the warehouse: improvement indicators get no_baseline (years run in order)", year - 1);
            }
            IndicatorScorer scorer = new IndicatorScorer(year,
                    new QuantitativeRule(Boolean.parseBoolean(config.get(JobConfig.OVERSHOOT_DEDUCTION))), QualitativeRule.DEFAULT);
            // Nothing below waits for a write: each scored table is planned while the tables it reads are still being
            // written, and a cache being filled by one job is read, not computed again, by the jobs that join it.
            Dataset<Row> scores = cache(IndicatorScores.compute(spark, framework, scorer,
                    units.accepted(), metrics, previousMetrics, cleaned.get("targets"), cleaned.get("assessments")));
            stages.write("write indicator_scores", () -> warehouse.replaceYear(Table.INDICATOR_SCORES, scores, year));
            // Last year's indicator scores too, as published: the change is only fair over indicators scored on data in both years.
            Dataset<Row> scorecard = cache(UnitScorecard.compute(framework, scores, units.accepted(),
                    previousYear(spark, warehouse, Table.UNIT_SCORECARD, year),
                    previousYear(spark, warehouse, Table.INDICATOR_SCORES, year)));
            Stages.Stage<Long> unitsScored = stages.write("write unit_scorecard", () -> warehouse.replaceYear(Table.UNIT_SCORECARD, scorecard, year));
            stages.write("write results_application", () -> warehouse.replaceYear(Table.RESULTS_APPLICATION,
                    ResultsApplication.compute(spark, resultRules(), scores, scorecard,
                            previousYear(spark, warehouse, Table.RESULTS_APPLICATION, year), year), year));
            stages.write("write budget_line_audit", () -> warehouse.replaceYear(Table.BUDGET_LINE_AUDIT,
                    BudgetLineAudits.compute(cleaned.get("self_reports"), execution, year), year));
            stages.write("write self_report_audit", () -> warehouse.replaceYear(Table.SELF_REPORT_AUDIT,
                    SelfReportAudits.compute(cleaned.get("self_reports"), scores, year), year));
            log.stage("score reconciliation", () -> {
                reconciliation.scores(scores, scorecard);
                return reconciliation.checks().size();
            }, n -> n + " checks in all");
            stages.awaitWrites();

            RunSummary summary = finish(spark, stages, warehouse, reconciliation, ingested, started, "succeeded", null,
                    unitsScored.join());
            return summary;
        }
    }

    /**
     * Mid-year monitoring (双监控) as of {@link JobOptions#asOf()}: the year's records as they stood at
     * the end of that day, the monitoring tables of (year, day) replaced, and nothing else written:
     * no cleaned table, quarantine, year-end table, job_runs row or publication. A source over its
     * reject limit stops the run (exit 3) with nothing written.
     */
    private RunSummary monitor(SparkSession spark, Stages stages, DeltaWarehouse warehouse, List<IngestedSource> ingested,
                               IngestedSource units, Instant started) {
        int year = options.year();
        TimeProgress time = new TimeProgress(year, options.asOf());
        List<RejectLimit.Verdict> verdicts = judgeRejects(ingested);
        List<RejectLimit.Verdict> overLimit = verdicts.stream().filter(RejectLimit.Verdict::exceeded).toList();
        if (!overLimit.isEmpty()) {
            throw RunStopped.tooManyRejects(overLimitMessage(overLimit)
                    .replace("no scored table written (cleaned tables and quarantine are)", "monitoring run, nothing written"));
        }
        logRejectsWithinLimit(verdicts, ingested.stream().map(IngestedSource::quarantined).reduce(Dataset::unionByName).orElseThrow());
        log.info("monitoring fiscal year %d as of %s: time progress %s %% (day %d of %d), budget margin %s points", year,
                time.asOf(), time.percent().toPlainString(), time.daysElapsed(), time.daysInYear(), config.get(JobConfig.MONITORING_MARGIN));

        Map<String, Dataset<Row>> asOf = new LinkedHashMap<>();
        ingested.forEach(s -> asOf.put(s.source().name(), AsOfRecords.restrict(s.source(), s.accepted(), time.asOf())));
        Dataset<Row> unitRows = units.accepted();
        Dataset<Row> execution = log.stage("budget execution to date",
                () -> cache(BudgetExecution.perAccount(asOf.get(Sources.BUDGET_LEDGER.name()), unitRows, year)), d -> "planned");
        Dataset<Row> budget = cache(Monitoring.budget(execution, unitRows, time, new java.math.BigDecimal(config.get(JobConfig.MONITORING_MARGIN))));
        IngestedSource incidents = source(ingested, Sources.INCIDENTS);
        boolean incidentsDelivered = incidents.count(Outcome.ACCEPTED) + incidents.count(Outcome.QUARANTINED) > 0;
        Dataset<Row> metrics = log.stage("metrics to date",
                () -> cache(MetricsStage.compute(spark, asOf, unitRows, execution, year, incidentsDelivered)), d -> "planned");
        Dataset<Row> previousMetrics = previousYear(spark, warehouse, Table.UNIT_METRICS, year);
        if (previousMetrics == null) {
            log.warn("no %d metrics in the warehouse: improvement indicators get no_baseline in the projection", year - 1);
        }
        IndicatorScorer scorer = new IndicatorScorer(year,
                new QuantitativeRule(Boolean.parseBoolean(config.get(JobConfig.OVERSHOOT_DEDUCTION))), QualitativeRule.DEFAULT);
        Dataset<Row> indicators = cache(Monitoring.indicators(spark, framework(), scorer, unitRows, metrics, previousMetrics,
                asOf.get("targets"), asOf.get("assessments"), time));
        Dataset<Row> warnings = Monitoring.warnings(budget, indicators);
        Stages.Stage<Long> budgetRows = stages.write("write " + Table.MONITORING_BUDGET.tableName(),
                () -> warehouse.replaceAsOf(Table.MONITORING_BUDGET, budget, year, time.asOf()));
        Stages.Stage<Long> indicatorRows = stages.write("write " + Table.MONITORING_INDICATORS.tableName(),
                () -> warehouse.replaceAsOf(Table.MONITORING_INDICATORS, indicators, year, time.asOf()));
        Stages.Stage<Long> warningRows = stages.write("write " + Table.MONITORING_WARNINGS.tableName(),
                () -> warehouse.replaceAsOf(Table.MONITORING_WARNINGS, warnings, year, time.asOf()));
        stages.awaitWrites();
        log.info("monitoring of %d as of %s written: %d budget rows, %d indicator rows, %d warnings (run %s; not a publication:"
                        + " the year-end tables are untouched)", year, time.asOf(), budgetRows.join(), indicatorRows.join(),
                warningRows.join(), runId);
        RunSummary summary = RunSummary.of(runId, year, "succeeded", null, started, Instant.now(), ingested, warehouse.written(),
                (int) (indicatorRows.join() / Math.max(1, framework().indicators().size())), 0, config.fingerprint(),
                config.get(JobConfig.INPUT), config.get(JobConfig.WAREHOUSE), framework().file(), framework().fingerprint());
        return summary;
    }

    private Dataset<Row> cache(Dataset<Row> rows) {
        cached.add(rows);
        return rows.cache();
    }

    private static IngestedSource source(List<IngestedSource> ingested, SourceDefinition source) {
        return ingested.stream().filter(s -> s.source() == source).findFirst().orElseThrow();
    }

    /** What the deliveries table knows of each file, by source and path: its latest record. */
    private Map<String, Delivery> knownDeliveries(SparkSession spark, DeltaWarehouse warehouse) {
        Map<String, Delivery> known = new HashMap<>();
        if (!Boolean.parseBoolean(config.get(JobConfig.SKIP_KNOWN_DELIVERIES))
                || !io.delta.tables.DeltaTable.isDeltaTable(spark, warehouse.path(Table.DELIVERIES.tableName()))) {
            return known;
        }
        // One row per file and evaluated year: small, and the driver needs all of it to plan the reads.
        List<Row> rows = warehouse.read(spark, Table.DELIVERIES.tableName())
                .withColumn("_latest", org.apache.spark.sql.functions.row_number().over(
                        org.apache.spark.sql.expressions.Window.partitionBy("source", "path").orderBy(col("recorded_at").desc())))
                .where(col("_latest").equalTo(1)).collectAsList();
        rows.forEach(r -> known.put(r.getAs("source") + "/" + r.getAs("path"), Delivery.fromRow(r)));
        return known;
    }

    private void logSkipped(List<IngestedSource> ingested) {
        long files = ingested.stream().mapToLong(s -> s.skipped().size()).sum();
        if (files > 0) {
            long rows = ingested.stream().flatMap(s -> s.skipped().stream()).mapToLong(Delivery::rows).sum();
            log.info("skipped %d unchanged files (%d rows) whose rows all belong to other years, as the deliveries table records", files, rows);
        }
    }

    /**
     * Year Y − 1 of a table as published, or null when that year was never published. One reader of
     * the publications per run: every table of Y − 1 is read at the one publication the run first saw.
     */
    private Dataset<Row> previousYear(SparkSession spark, DeltaWarehouse warehouse, Table table, int year) {
        if (!io.delta.tables.DeltaTable.isDeltaTable(spark, warehouse.path(table.tableName()))) {
            return null;
        }
        PublishedReader reader;
        synchronized (this) {
            if (published == null) {
                published = PublishedReader.open(spark, warehouse.root());
            }
            reader = published;
        }
        if (reader.hasPublications()) {
            // A year a run published holds rows of each table it names (one per unit at least): no query needed.
            Publication previous = reader.current().get(year - 1);
            return previous == null || !previous.tableVersions().containsKey(table.tableName()) ? null
                    : reader.readYear(table.tableName(), warehouse.path(table.tableName()), year - 1);
        }
        Dataset<Row> rows = reader.readYear(table.tableName(), warehouse.path(table.tableName()), year - 1);
        return rows.isEmpty() ? null : rows;
    }

    private Map<SourceDefinition, List<DeliveryFile>> listDeliveries(SparkSession spark, String input) {
        Map<SourceDefinition, List<DeliveryFile>> deliveries = new LinkedHashMap<>();
        org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        for (SourceDefinition source : sources) {
            try {
                Path dir = new Path(new Path(input), source.name());
                FileSystem fs = dir.getFileSystem(hadoop);
                if (!fs.isDirectory(dir)) {
                    if (source == Sources.UNITS) {
                        // Every other source is checked against the units: without them no row could be placed.
                        throw RunStopped.badInput("input folder " + dir + " for source " + source.name() + " does not exist");
                    }
                    // A source a district has never delivered (a new one, say) is an empty delivery: §4 gives its
                    // indicators no_data, and the reconciliation counts zero rows read.
                    log.warn("no folder %s for source %s: read as an empty delivery, its indicators get no_data", dir, source.name());
                    deliveries.put(source, List.of());
                    continue;
                }
                deliveries.put(source, DeliveryReader.listDeliveries(hadoop, input, source.name()));
            } catch (IOException e) {
                throw RunStopped.badInput("cannot list input folder for " + source.name() + ": " + e.getMessage());
            }
        }
        return deliveries;
    }

    /** Spark's settings that choose between compiled and interpreted execution of a query. */
    static final List<String> EXECUTION_SETTINGS = List.of("spark.sql.codegen.wholeStage", "spark.sql.codegen.factoryMode");

    /**
     * What the run sets for a year of {@code bytes} to read: interpreted execution below {@code interpretedBelow},
     * nothing at or above it (Spark compiles by default), and nothing when {@code givenBySpark} says Spark's own
     * settings choose (spark-submit --conf, --set, or a session that was given them).
     */
    static Map<String, String> executionSettings(long bytes, long interpretedBelow, java.util.function.Predicate<String> givenBySpark) {
        if (EXECUTION_SETTINGS.stream().anyMatch(givenBySpark) || bytes >= interpretedBelow) {
            return Map.of();
        }
        return Map.of(EXECUTION_SETTINGS.get(0), "false", EXECUTION_SETTINGS.get(1), "NO_CODEGEN");
    }

    /** Interpreted execution for a year whose input is small ({@link JobConfig#INTERPRETED_BELOW}), compiled otherwise. */
    private void chooseExecution(SparkSession spark, Map<SourceDefinition, List<DeliveryFile>> deliveries, Map<String, Delivery> known) {
        long bytes = 0;
        for (Map.Entry<SourceDefinition, List<DeliveryFile>> e : deliveries.entrySet()) {
            bytes += SourceIngest.inflatedBytes(toRead(e.getKey(), e.getValue(), known, null));
        }
        java.util.function.Predicate<String> givenBySpark = k -> spark.conf().contains(k);
        boolean given = EXECUTION_SETTINGS.stream().anyMatch(givenBySpark);
        Map<String, String> settings = executionSettings(bytes, config.bytes(JobConfig.INTERPRETED_BELOW), givenBySpark);
        settings.forEach((k, v) -> spark.conf().set(k, v));
        String why = given
                ? "as Spark's settings say (" + EXECUTION_SETTINGS.get(0) + " = " + spark.conf().get(EXECUTION_SETTINGS.get(0), "true") + ")"
                : (settings.isEmpty() ? "compiled, at least " : "interpreted, below ") + JobConfig.INTERPRETED_BELOW + " = "
                        + config.get(JobConfig.INTERPRETED_BELOW);
        log.info("queries run %s: %s to read", why, megabytes(bytes));
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** The files of {@code source} the run reads: all but those the deliveries table knows unchanged and without a row of the year. */
    private List<DeliveryFile> toRead(SourceDefinition source, List<DeliveryFile> files, Map<String, Delivery> known, List<Delivery> skipped) {
        int year = options.year();
        List<DeliveryFile> toRead = new ArrayList<>();
        for (DeliveryFile f : files) {
            Delivery d = known.get(source.name() + "/" + f.path());
            if (d != null && d.describes(f) && !d.mayHold(year)) {
                if (skipped != null) {
                    skipped.add(d);
                }
            } else {
                toRead.add(f);
            }
        }
        return toRead;
    }

    private IngestedSource ingest(SparkSession spark, SourceDefinition source, String input, List<DeliveryFile> files,
                                  Map<String, Delivery> known, Dataset<Row> knownUnits) {
        int year = options.year();
        List<Delivery> skipped = new ArrayList<>();
        List<DeliveryFile> toRead = toRead(source, files, known, skipped);
        return log.stage("read " + source.name(), () -> {
            Dataset<Row> parsed = DeliveryReader.read(spark, source, input, toRead, config.encodingOf(source.name()),
                    year, config.get(JobConfig.HMAC_KEY), config.get(JobConfig.TIME_ZONE), config.bytes(JobConfig.SPLIT_BYTES));
            int partitions = SourceIngest.partitionsFor(toRead, config.bytes(JobConfig.SPLIT_BYTES));
            // A self-report may also carry the unit's printed budget lines (data contract, self_reports).
            java.util.Set<String> indicators = new java.util.HashSet<>(framework().indicatorIds());
            if (source == Sources.SELF_REPORTS) {
                indicators.addAll(BudgetLineAudit.lineIds());
            }
            IngestedSource ingested = SourceIngest.classify(source, year, files, parsed, knownUnits, indicators, partitions)
                    .withSkipped(skipped);
            cached.add(ingested.classified());
            return ingested;
        }, s -> String.format(Locale.ROOT, "%d files, %d rows: %d accepted, %d quarantined, %d duplicates, %d other years%s",
                s.files().size(), s.rowsRead(), s.count(Outcome.ACCEPTED), s.count(Outcome.QUARANTINED),
                s.count(Outcome.EXACT_DUPLICATE), s.count(Outcome.OTHER_YEAR),
                s.skipped().isEmpty() ? "" : String.format(Locale.ROOT, " (%d files skipped: none of their %d rows is of %d)",
                        s.skipped().size(), s.skipped().stream().mapToLong(Delivery::rows).sum(), year)));
    }

    /** Each source's rejected rows judged against its own limit. */
    private List<RejectLimit.Verdict> judgeRejects(List<IngestedSource> ingested) {
        return ingested.stream().map(s -> config.rejectLimit(s.source().name()).judge(s.source().name(),
                s.count(Outcome.QUARANTINED), s.count(Outcome.ACCEPTED) + s.count(Outcome.QUARANTINED))).toList();
    }

    /** The stop message: every source over its limit, its figures, and the keys that would let it pass. */
    static String overLimitMessage(List<RejectLimit.Verdict> over) {
        StringBuilder m = new StringBuilder("too many rejected rows, no scored table written (cleaned tables and quarantine are):");
        for (RejectLimit.Verdict v : over) {
            String name = v.source();
            m.append(String.format(Locale.ROOT, "%n  %s, above %s %% and more than %d rows; fix the rows in the quarantine and rerun,"
                            + " or let it pass with --set %s=%d (or --set %s=%d)", v.figures(), number(v.limit().maxPercent()),
                    v.limit().minRows(), JobConfig.sourceKey(name, JobConfig.MAX_PERCENT_SETTING), v.percentToPass(),
                    JobConfig.sourceKey(name, JobConfig.MIN_ROWS_SETTING), v.rejected()));
        }
        return m.toString();
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /**
     * Rejected rows within the limit must not go unnoticed: the log names each such source with its
     * figures and its first quarantined rows (file, line and reasons; a bounded handful, never the records).
     */
    private void logRejectsWithinLimit(List<RejectLimit.Verdict> verdicts, Dataset<Row> quarantine) {
        List<RejectLimit.Verdict> within = verdicts.stream().filter(RejectLimit.Verdict::rejectedWithinLimit).toList();
        if (within.isEmpty()) {
            return;
        }
        Map<String, List<String>> examples = new LinkedHashMap<>();
        quarantine.withColumn("_n", org.apache.spark.sql.functions.row_number().over(
                        org.apache.spark.sql.expressions.Window.partitionBy("source").orderBy("file", "line_number")))
                .where(col("_n").leq(REJECTS_LISTED))
                .select(col("source"), col("file"), col("line_number"), org.apache.spark.sql.functions.concat_ws("; ", col("reasons")))
                .collectAsList()
                .forEach(r -> examples.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
                        .add(r.getString(1) + ":" + r.get(2) + " " + r.getString(3)));
        for (RejectLimit.Verdict v : within) {
            List<String> rows = examples.getOrDefault(v.source(), List.of());
            log.warn("%s, within the limit; quarantined rows%s: %s", v.figures(),
                    v.rejected() > rows.size() ? " (the first " + rows.size() + ")" : "", String.join(" | ", rows));
        }
    }

    private RunSummary finish(SparkSession spark, Stages stages, DeltaWarehouse warehouse, Reconciliation reconciliation,
                              List<IngestedSource> ingested, Instant started, String status, String message, long unitsScored) {
        int year = options.year();
        List<Delivery> read = ingested.stream().flatMap(s -> s.deliveries().stream()).toList();
        List<Delivery> skipped = ingested.stream().flatMap(s -> s.skipped().stream()).toList();
        Stages.Stage<Long> deliveriesWritten = stages.write("write deliveries", () -> warehouse.replaceYear(Table.DELIVERIES,
                Delivery.table(spark, year, read, skipped).withColumn("recorded_at", org.apache.spark.sql.functions.lit(
                        java.sql.Timestamp.from(started))), year));
        stages.write("write reconciliation", () -> warehouse.replaceYear(Table.RECONCILIATION, reconciliation.toDataFrame(spark, year), year));
        stages.awaitWrites();
        deliveriesWritten.join();
        reconciliation.mismatches().forEach(m -> log.warn("reconciliation mismatch: %s %s %s: %s",
                m.checkName(), m.source(), m.unitId() == null ? "" : m.unitId(), m.detail()));
        String changed = null;
        if ("succeeded".equals(status)) {
            // Tables made from files that changed after the listing (a delivery still being copied, or a cached
            // partition read again after a change) are not what the deliveries table says: they are never published.
            List<String> changes = changedDeliveries(spark, config.get(JobConfig.INPUT));
            if (!changes.isEmpty()) {
                changed = changedMessage(changes, "nothing published: readers keep the previous publication");
                status = "failed_delivery_changed";
                message = changed;
            }
        }
        if ("succeeded".equals(status)) {
            // The one commit that makes the run's tables what readers see; until here they saw the previous publication.
            Publication publication = log.stage("publish", () -> warehouse.publish(spark, year, Instant.now()),
                    p -> p.tableVersions().size() + " tables");
            log.info("published fiscal year %d: readers now see run %s (%d tables at their new versions)", year, runId,
                    publication.tableVersions().size());
        }
        RunSummary summary = RunSummary.of(runId, year, status, message, started, Instant.now(), ingested,
                warehouse.written(), (int) unitsScored, reconciliation.mismatches().size(), config.fingerprint(),
                config.get(JobConfig.INPUT), config.get(JobConfig.WAREHOUSE), framework().file(), framework().fingerprint());
        warehouse.append(Table.JOB_RUNS, summary.toDataFrame(spark));
        log.info("%s", summary.describe());
        if (changed != null) {
            throw RunStopped.badInput(changed);
        }
        return summary;
    }

    /** The delivery files that changed since the run listed them, one line each; empty when none did. */
    private List<String> changedDeliveries(SparkSession spark, String input) {
        try {
            return DeliveryReader.changedSinceListing(spark.sparkContext().hadoopConfiguration(), input,
                    sources.stream().map(SourceDefinition::name).toList(), listed);
        } catch (IOException e) {
            throw RunStopped.badInput("cannot list the input again to check that no delivery changed while the run read it: "
                    + e.getMessage());
        }
    }

    /** The stop message for deliveries that changed while the run read them: every file and what changed. */
    static String changedMessage(List<String> changes, String written) {
        String files = changes.size() == 1 ? changes.get(0) + "; "
                : changes.size() + " delivery files changed while the run read them:\n  " + String.join("\n  ", changes) + "\n";
        return files + written + "; rerun when the delivery is complete";
    }
}
