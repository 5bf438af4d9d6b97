package cn.minhang.citymgmt.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.Map;

/**
 * What one split reported about itself in its closing marker row: what the deliveries table
 * records, what the reconciliation counts, and how many lines the next split numbers after.
 *
 * @param rows        data lines parsed (the header not counted)
 * @param otherYear   of those, rows that belong to no year this run evaluates (counted, not kept)
 * @param unreadable  rows no readable date places in any year
 * @param lines       physical lines of the split, header included
 * @param digest      SHA-256 of the split's bytes, hex
 * @param firstYear   earliest year any row belongs to, null when none or unbounded
 * @param lastYear    latest year any row belongs to, null when none or unbounded
 * @param openStart   whether some row belongs to every year back (a dimension)
 * @param openEnd     whether some row belongs to every year on (an ongoing project)
 * @param rowsByYear  rows by the first year they belong to
 */
public record SplitStats(String file, int split, long rows, long otherYear, long unreadable, long lines, String digest,
                         Integer firstYear, Integer lastYear, boolean openStart, boolean openEnd,
                         Map<Integer, Long> rowsByYear) {
    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("rows", DataTypes.LongType, false),
            DataTypes.createStructField("other_year", DataTypes.LongType, false),
            DataTypes.createStructField("unreadable", DataTypes.LongType, false),
            DataTypes.createStructField("lines", DataTypes.LongType, false),
            DataTypes.createStructField("digest", DataTypes.StringType, false),
            DataTypes.createStructField("first_year", DataTypes.IntegerType, true),
            DataTypes.createStructField("last_year", DataTypes.IntegerType, true),
            DataTypes.createStructField("open_start", DataTypes.BooleanType, false),
            DataTypes.createStructField("open_end", DataTypes.BooleanType, false),
            DataTypes.createStructField("rows_by_year", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.LongType, false), false)));

    /** From a collected marker: file, split and the stats struct. */
    static SplitStats of(String file, int split, Row s) {
        return new SplitStats(file, split, s.getLong(0), s.getLong(1), s.getLong(2), s.getLong(3), s.getString(4),
                s.isNullAt(5) ? null : s.getInt(5), s.isNullAt(6) ? null : s.getInt(6), s.getBoolean(7), s.getBoolean(8),
                s.getJavaMap(9));
    }
}
