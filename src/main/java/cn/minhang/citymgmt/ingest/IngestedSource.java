package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.SourceDefinition;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * One source after ingest: every line read with its {@link Outcome}, persisted so the cleaned
 * table, the quarantine and the counts all come from the one scan of the files.
 */
public record IngestedSource(SourceDefinition source, int fiscalYear, List<String> files,
                             Dataset<Row> classified, Map<Outcome, Long> counts, long rowsRead,
                             List<String> fileProblems) {
    public static final String OUTCOME = "_outcome";

    public long count(Outcome outcome) {
        return counts.getOrDefault(outcome, 0L);
    }

    /** Share of this year's distinct records that were quarantined, in percent. */
    public double rejectedPercent() {
        long judged = count(Outcome.ACCEPTED) + count(Outcome.QUARANTINED);
        return judged == 0 ? 0.0 : 100.0 * count(Outcome.QUARANTINED) / judged;
    }

    /** The cleaned table: typed columns without personal data, the fiscal year, and lineage. */
    public Dataset<Row> accepted() {
        List<Column> columns = new ArrayList<>();
        Arrays.stream(source.cleanedSchema().fieldNames()).forEach(n -> columns.add(col(n)));
        if (!source.hasColumn("fiscal_year")) {
            columns.add(lit(fiscalYear).as("fiscal_year"));
        }
        columns.add(col(DeliveryReader.FILE).as("source_file"));
        columns.add(col(DeliveryReader.LINE).as("source_line"));
        return classified.filter(col(OUTCOME).equalTo(Outcome.ACCEPTED.code())).select(columns.toArray(Column[]::new));
    }

    /** Rejected records in the quarantine table's shape. */
    public Dataset<Row> quarantined() {
        return classified.filter(col(OUTCOME).equalTo(Outcome.QUARANTINED.code())).select(
                lit(fiscalYear).as("fiscal_year"),
                lit(source.name()).as("source"),
                col(DeliveryReader.FILE).as("file"),
                col(DeliveryReader.LINE).as("line_number"),
                col(DeliveryReader.RAW).as("raw_record"),
                col(DeliveryReader.REASONS).as("reasons"));
    }
}
