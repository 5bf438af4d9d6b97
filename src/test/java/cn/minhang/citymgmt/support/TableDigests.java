package cn.minhang.citymgmt.support;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * An order-independent digest of every table of a warehouse, year by year: the row count and the
 * sum of a 64-bit hash of each row, over the table's columns less those that differ from run to
 * run. Two runs that wrote the same rows have the same digests; the golden files under
 * {@code src/test/resources/golden} hold the digests of runs made before a change, so a test can
 * prove that the change left every table row for row the same.
 *
 * <p>Run as a program to write a golden file: {@code TableDigests WAREHOUSE OUT.tsv}.
 */
public final class TableDigests {
    /** Tables whose content is meant to differ from run to run: the run log, its publications and the delivery ledger. */
    private static final List<String> NOT_DIGESTED = List.of("job_runs", "publications", "deliveries");
    private static final List<String> VOLATILE_COLUMNS = List.of("run_id");

    /** One line of a golden file. */
    public record Digest(String table, int year, long rows, String hash, List<String> columns) {
        String line() {
            return table + "\t" + year + "\t" + rows + "\t" + hash + "\t" + String.join(",", columns);
        }

        static Digest parse(String line) {
            String[] p = line.split("\t");
            return new Digest(p[0], Integer.parseInt(p[1]), Long.parseLong(p[2]), p[3], List.of(p[4].split(",")));
        }

        public String key() {
            return table + "/" + year;
        }
    }

    private TableDigests() {
    }

    /** Digests of every table and year of {@code warehouse}, over the given columns (all but the volatile ones when null). */
    public static Map<String, Digest> of(SparkSession spark, Path warehouse, Map<String, List<String>> columnsByTable) {
        Map<String, Digest> out = new LinkedHashMap<>();
        List<Path> tables;
        try (Stream<Path> s = Files.list(warehouse)) {
            tables = s.filter(p -> Files.isDirectory(p.resolve("_delta_log"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path t : tables) {
            String name = t.getFileName().toString();
            if (NOT_DIGESTED.contains(name)) {
                continue;
            }
            Dataset<Row> rows = spark.read().format("delta").load(t.toString());
            List<String> columns = columnsByTable == null || !columnsByTable.containsKey(name)
                    ? Arrays.stream(rows.columns()).filter(c -> !VOLATILE_COLUMNS.contains(c)).sorted().toList()
                    : columnsByTable.get(name);
            List<Column> hashed = new ArrayList<>();
            columns.forEach(c -> hashed.add(col(c)));
            for (Row r : rows.groupBy("fiscal_year").agg(count(lit(1)),
                    sum(xxhash64(hashed.toArray(Column[]::new)).cast("decimal(38,0)"))).collectAsList()) {
                Digest d = new Digest(name, r.getInt(0), r.getLong(1), r.getDecimal(2).toPlainString(), columns);
                out.put(d.key(), d);
            }
        }
        return out;
    }

    /**
     * A table's rows without what differs between two runs of the same year: run ids and times. Maps
     * become their sorted entries as JSON, since Spark's set operations refuse map columns.
     */
    public static Dataset<Row> withoutRunStamps(Dataset<Row> table) {
        return table.select(Arrays.stream(table.schema().fields())
                .filter(f -> !VOLATILE_COLUMNS.contains(f.name()) && !(f.dataType() instanceof org.apache.spark.sql.types.TimestampType))
                .map(f -> f.dataType() instanceof org.apache.spark.sql.types.MapType
                        ? org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.array_sort(
                                org.apache.spark.sql.functions.map_entries(col(f.name())))).as(f.name())
                        : col(f.name()))
                .toArray(Column[]::new));
    }

    public static Map<String, Digest> read(Path golden) {
        Map<String, Digest> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(golden)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    Digest d = Digest.parse(line);
                    out.put(d.key(), d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Asserts that every table and year of {@code golden} has, in {@code warehouse}, the same rows
     * over the same columns (columns added since are not compared).
     */
    public static void assertUnchanged(SparkSession spark, Path golden, Path warehouse) {
        Map<String, Digest> expected = read(golden);
        Map<String, List<String>> columns = new LinkedHashMap<>();
        expected.values().forEach(d -> columns.put(d.table(), d.columns()));
        Map<String, Digest> actual = of(spark, warehouse, columns);
        List<String> differences = new ArrayList<>();
        for (Digest e : expected.values()) {
            Digest a = actual.get(e.key());
            if (a == null) {
                differences.add(e.key() + ": missing (expected " + e.rows() + " rows)");
            } else if (a.rows() != e.rows() || !a.hash().equals(e.hash())) {
                differences.add(e.key() + ": " + a.rows() + " rows, hash " + a.hash() + " where " + golden.getFileName()
                        + " has " + e.rows() + " rows, hash " + e.hash());
            }
        }
        if (!differences.isEmpty()) {
            throw new AssertionError("tables differ from " + golden + ":\n  " + String.join("\n  ", differences));
        }
    }

    public static void main(String[] args) throws IOException {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("table-digests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "Asia/Shanghai")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();
        write(spark, Path.of(args[0]), Path.of(args[1]));
        spark.stop();
    }

    /** Writes the digests of every table and year of {@code warehouse} to the golden file {@code out}. */
    public static void write(SparkSession spark, Path warehouse, Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# table, fiscal year, rows, sum of xxhash64 over the columns listed (see TableDigests)");
        of(spark, warehouse, null).values().forEach(d -> lines.add(d.line()));
        Files.write(out, lines);
    }
}
