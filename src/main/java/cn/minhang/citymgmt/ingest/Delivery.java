package cn.minhang.citymgmt.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is known of one delivered file: which file it was (path, size, modification time,
 * checksum) and which years its rows belong to. A run records one per file of its input in the
 * {@code deliveries} table; a later run skips a file it finds there unchanged when none of its
 * rows can belong to the year it evaluates.
 *
 * @param checksum   SHA-256 of the file's bytes ({@code sha256:…}), or, for a file read in several
 *                   splits, SHA-256 over the splits' digests in order ({@code sha256xN:…})
 * @param rows       data lines of the file
 * @param unreadable rows no readable date places in a year (they are judged in every year's run)
 */
public record Delivery(String source, String path, long length, long modifiedAt, String checksum, long rows,
                       long unreadable, Integer firstYear, Integer lastYear, boolean openStart, boolean openEnd,
                       Map<Integer, Long> rowsByYear) {

    public static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("fiscal_year", DataTypes.IntegerType, false),
            DataTypes.createStructField("source", DataTypes.StringType, false),
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("size_bytes", DataTypes.LongType, false),
            DataTypes.createStructField("modified_at", DataTypes.TimestampType, false),
            DataTypes.createStructField("checksum", DataTypes.StringType, false),
            DataTypes.createStructField("rows", DataTypes.LongType, false),
            DataTypes.createStructField("rows_by_year", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.LongType, false), false),
            DataTypes.createStructField("unreadable_rows", DataTypes.LongType, false),
            DataTypes.createStructField("first_year", DataTypes.IntegerType, true),
            DataTypes.createStructField("last_year", DataTypes.IntegerType, true),
            DataTypes.createStructField("every_year_before", DataTypes.BooleanType, false),
            DataTypes.createStructField("every_year_after", DataTypes.BooleanType, false),
            DataTypes.createStructField("status", DataTypes.StringType, false)));

    /** Status of a file the run read. */
    public static final String READ = "read";
    /** Status of a file the run skipped: known unchanged, and none of its rows of the year. */
    public static final String SKIPPED = "skipped";

    static Delivery of(String source, DeliveryFile file, List<SplitStats> splits) {
        long rows = 0;
        long unreadable = 0;
        Integer first = null;
        Integer last = null;
        boolean openStart = false;
        boolean openEnd = false;
        Map<Integer, Long> byYear = new TreeMap<>();
        for (SplitStats s : splits) {
            rows += s.rows();
            unreadable += s.unreadable();
            if (s.firstYear() != null) {
                first = first == null ? s.firstYear() : Integer.valueOf(Math.min(first, s.firstYear()));
            }
            if (s.lastYear() != null) {
                last = last == null ? s.lastYear() : Integer.valueOf(Math.max(last, s.lastYear()));
            }
            openStart |= s.openStart();
            openEnd |= s.openEnd();
            s.rowsByYear().forEach((y, n) -> byYear.merge(y, n, Long::sum));
        }
        String checksum = splits.size() == 1 ? "sha256:" + splits.get(0).digest() : "sha256x" + splits.size() + ":" + composite(splits);
        return new Delivery(source, file.path(), file.length(), file.modifiedAt(), checksum, rows, unreadable, first, last,
                openStart, openEnd, byYear);
    }

    private static String composite(List<SplitStats> splits) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            splits.forEach(s -> d.update(s.digest().getBytes(StandardCharsets.US_ASCII)));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this is still the file {@code file} names: same size and modification time. */
    public boolean describes(DeliveryFile file) {
        return path.equals(file.path()) && length == file.length() && modifiedAt == file.modifiedAt();
    }

    /**
     * Whether some row may belong to {@code year}: the file's span of years holds it, or some row
     * has no readable date (those are judged, and quarantined, in every year's run).
     */
    public boolean mayHold(int year) {
        if (unreadable > 0) {
            return true;
        }
        boolean afterStart = openStart || (firstYear != null && firstYear <= year);
        boolean beforeEnd = openEnd || (lastYear != null && lastYear >= year);
        return afterStart && beforeEnd;
    }

    /** The deliveries table's rows for one run: the files it read and those it skipped. */
    public static org.apache.spark.sql.Dataset<Row> table(org.apache.spark.sql.SparkSession spark, int fiscalYear,
                                                        List<Delivery> read, List<Delivery> skipped) {
        List<Row> rows = new java.util.ArrayList<>();
        read.forEach(d -> rows.add(d.toRow(fiscalYear, READ)));
        skipped.forEach(d -> rows.add(d.toRow(fiscalYear, SKIPPED)));
        return spark.createDataFrame(rows, SCHEMA);
    }

    Row toRow(int fiscalYear, String status) {
        return RowFactory.create(fiscalYear, source, path, length, Timestamp.from(Instant.ofEpochMilli(modifiedAt)), checksum, rows,
                JavaConverters.mapAsScalaMap(rowsByYear), unreadable, firstYear, lastYear, openStart, openEnd, status);
    }

    /** A row of the deliveries table back as what it records. */
    public static Delivery fromRow(Row r) {
        return new Delivery(r.getAs("source"), r.getAs("path"), r.<Long>getAs("size_bytes"),
                r.<Timestamp>getAs("modified_at").getTime(), r.getAs("checksum"), r.<Long>getAs("rows"),
                r.<Long>getAs("unreadable_rows"), r.getAs("first_year"), r.getAs("last_year"),
                r.<Boolean>getAs("every_year_before"), r.<Boolean>getAs("every_year_after"),
                new TreeMap<>(r.<Integer, Long>getJavaMap(r.fieldIndex("rows_by_year"))));
    }
}
