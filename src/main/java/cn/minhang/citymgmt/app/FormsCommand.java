package cn.minhang.citymgmt.app;

import cn.minhang.citymgmt.report.OfficialForms;
import cn.minhang.citymgmt.job.JobConfig;
import cn.minhang.citymgmt.failures.RunStopped;
import cn.minhang.citymgmt.tables.WarehouseTables;
import cn.minhang.citymgmt.tables.DeltaWarehouse;
import cn.minhang.citymgmt.tables.Table;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;

/**
 * Writes the official forms of a year the warehouse already holds (published), as the evaluation
 * run does after it publishes ({@code forms.write}):
 *
 * <pre>  jobs/forms.sh --year 2023 [--warehouse DIR]</pre>
 *
 * Exit codes: 0 written (the folder and the number of forms are printed); 2 bad argument, missing
 * warehouse, or a year it holds no published scorecard of; 1 any other failure.
 */
@Command(name = "forms", sortOptions = false, usageHelpAutoWidth = false,
        description = {"Writes <warehouse>/reports/forms/<year>/: one 部门整体支出绩效自评表 workbook per unit and the district "
                + "workbook (league table, indicator scores, budget execution, self-report mismatches), from the year's published tables.",
                "Exit codes: 0 written, 2 bad argument, missing warehouse or year, 1 other failure."})
public final class FormsCommand extends PublishedYear {
    private FormsCommand(PrintStream out, PrintStream err, Function<JobConfig, SparkSession> sessions) {
        super("forms", out, err, sessions);
    }

    public static void main(String[] args) {
        ConsoleCommand.main(args, FormsCommand::run);
    }

    /** The command without {@code System.exit}; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Function<JobConfig, SparkSession> sessions) {
        return ConsoleCommand.execute("forms", new FormsCommand(out, err, sessions), args, out, err);
    }

    @Override
    String write(Found found) {
        WarehouseTables tables = WarehouseTables.open(found.spark(), found.root());
        if (!tables.has(Table.UNIT_SCORECARD) || tables.read(Table.UNIT_SCORECARD)
                .where(col(DeltaWarehouse.FISCAL_YEAR).equalTo(found.year())).isEmpty()) {
            throw RunStopped.badInput("warehouse " + found.root() + " holds no published scorecard of " + found.year()
                    + " (run jobs/evaluate.sh --year " + found.year() + " first)");
        }
        OfficialForms.Written written = OfficialForms.write(found.spark(), found.root(), found.year());
        return written.folder() + " (" + written.unitForms() + " unit forms, " + written.districtWorkbook() + ")";
    }
}
