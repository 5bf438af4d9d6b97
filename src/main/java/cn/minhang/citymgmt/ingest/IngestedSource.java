package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.SourceDefinition;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;

/**
 * One source after ingest: every line read with its {@link Outcome}, persisted so the cleaned
 * table, the quarantine and the counts all come from the one scan of the files.
 *
 * @param splits   the figures each split reported (rows, years, lines, digest)
 * @param skipped  files not read because the deliveries table shows none of their rows belongs
 *                 to the year; their rows count as read and as other years
 */
public record IngestedSource(SourceDefinition source, int fiscalYear, List<DeliveryFile> files,
                             Dataset<Row> classified, Map<Outcome, Long> counts, List<SplitStats> splits,
                             List<String> fileProblems, List<Delivery> skipped) {
    public static final String OUTCOME = "_outcome";

    static IngestedSource empty(SourceDefinition source, int fiscalYear, Dataset<Row> shape) {
        return new IngestedSource(source, fiscalYear, List.of(), shape, new EnumMap<>(Outcome.class), List.of(), List.of(), List.of());
    }

    static IngestedSource of(SourceDefinition source, int fiscalYear, List<DeliveryFile> files, Dataset<Row> classified,
                             Map<Outcome, Long> counts, List<SplitStats> splits, List<String> problems) {
        Map<Outcome, Long> all = new EnumMap<>(counts);
        all.put(Outcome.OTHER_YEAR, splits.stream().mapToLong(SplitStats::otherYear).sum());
        return new IngestedSource(source, fiscalYear, files, classified, all, splits, problems, List.of());
    }

    /** The same source with {@code skipped} files counted in: read before, all their rows of other years. */
    public IngestedSource withSkipped(List<Delivery> skippedFiles) {
        Map<Outcome, Long> all = new EnumMap<>(counts);
        all.merge(Outcome.OTHER_YEAR, skippedFiles.stream().mapToLong(Delivery::rows).sum(), Long::sum);
        return new IngestedSource(source, fiscalYear, files, classified, all, splits, fileProblems, List.copyOf(skippedFiles));
    }

    public long count(Outcome outcome) {
        return counts.getOrDefault(outcome, 0L);
    }

    /** Rows of the files this run scanned. */
    public long rowsScanned() {
        return splits.stream().mapToLong(SplitStats::rows).sum();
    }

    /** Rows read: those scanned, plus those of the skipped files as the run that read them counted. */
    public long rowsRead() {
        return rowsScanned() + skipped.stream().mapToLong(Delivery::rows).sum();
    }

    /** Share of this year's distinct records that were quarantined, in percent. */
    public double rejectedPercent() {
        long judged = count(Outcome.ACCEPTED) + count(Outcome.QUARANTINED);
        return judged == 0 ? 0.0 : 100.0 * count(Outcome.QUARANTINED) / judged;
    }

    /** What this run learnt of each file it read: one {@link Delivery} per file. */
    public List<Delivery> deliveries() {
        Map<String, List<SplitStats>> byFile = new TreeMap<>();
        splits.forEach(s -> byFile.computeIfAbsent(s.file(), f -> new ArrayList<>()).add(s));
        List<Delivery> out = new ArrayList<>();
        for (DeliveryFile f : files) {
            List<SplitStats> parts = byFile.get(f.path());
            if (parts != null) {
                parts.sort(Comparator.comparingInt(SplitStats::split));
                out.add(Delivery.of(source.name(), f, parts));
            }
        }
        return out;
    }

    /**
     * The line number in the file: a split numbers its lines from 1, so the lines of the splits
     * before it are added (known only once every split has reported).
     */
    private Column line() {
        Map<String, Long> offsets = new LinkedHashMap<>();
        Map<String, List<SplitStats>> byFile = new TreeMap<>();
        splits.forEach(s -> byFile.computeIfAbsent(s.file(), f -> new ArrayList<>()).add(s));
        byFile.forEach((file, parts) -> {
            parts.sort(Comparator.comparingInt(SplitStats::split));
            long before = 0;
            for (SplitStats s : parts) {
                if (s.split() > 0) {
                    offsets.put(file + "#" + s.split(), before);
                }
                before += s.lines();
            }
        });
        if (offsets.isEmpty()) {
            return col(DeliveryReader.LINE);
        }
        List<Column> entries = new ArrayList<>();
        offsets.forEach((k, v) -> {
            entries.add(lit(k));
            entries.add(lit(v));
        });
        Column offset = element_at(map(entries.toArray(Column[]::new)),
                concat(col(DeliveryReader.FILE), lit("#"), col(DeliveryReader.SPLIT).cast("string")));
        return col(DeliveryReader.LINE).plus(coalesce(offset, lit(0L)));
    }

    /** The cleaned table: typed columns without personal data, the fiscal year, and lineage. */
    public Dataset<Row> accepted() {
        List<Column> columns = new ArrayList<>();
        Arrays.stream(source.cleanedSchema().fieldNames()).forEach(n -> columns.add(col(n)));
        if (!source.hasColumn("fiscal_year")) {
            columns.add(lit(fiscalYear).as("fiscal_year"));
        }
        columns.add(col(DeliveryReader.FILE).as("source_file"));
        columns.add(line().as("source_line"));
        return classified.filter(col(OUTCOME).equalTo(Outcome.ACCEPTED.code())).select(columns.toArray(Column[]::new));
    }

    /** Rejected records in the quarantine table's shape. */
    public Dataset<Row> quarantined() {
        return classified.filter(col(OUTCOME).equalTo(Outcome.QUARANTINED.code())).select(
                lit(fiscalYear).as("fiscal_year"),
                lit(source.name()).as("source"),
                col(DeliveryReader.FILE).as("file"),
                line().as("line_number"),
                col(DeliveryReader.RAW).as("raw_record"),
                col(DeliveryReader.REASONS).as("reasons"));
    }
}
