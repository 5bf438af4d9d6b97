package cn.minhang.citymgmt.report;

import cn.minhang.citymgmt.tables.WarehouseTables;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The district report: one self-contained HTML page per fiscal year (ECharts, data and styles
 * inlined, no network address), in simplified Chinese, for the district's analysts and leaders.
 * Sections: 区内排名, 指标得分热力图, 预算执行, 单位明细, 数据质量. Every section copes with a
 * table the warehouse does not hold (a run stopped by the reject limit writes no scored table).
 * This class reads the warehouse and writes the file; {@link ReportData} shapes what the page
 * shows and {@link DistrictReportPage} renders it from the templates.
 * {@code jobs/report.sh} runs it ({@code app.ReportCommand}), and so does the evaluate command after a run.
 */
public final class DistrictReport {
    public static final String DISTRICT = "闵行区";
    public static final String TITLE = DISTRICT + "城市建设管理事务中心部门整体支出绩效评价";
    public static final String ECHARTS_VERSION = "5.3.1";
    static final String FOLDER = "reports";

    private DistrictReport() {
    }

    /**
     * Writes {@code <warehouseRoot>/reports/district-report-<fiscalYear>.html} from the warehouse's
     * tables and returns its path (for a warehouse on a remote file system, the path inside it).
     */
    public static Path write(SparkSession spark, String warehouseRoot, int fiscalYear) {
        return write(spark, WarehouseTables.open(spark, warehouseRoot), fiscalYear);
    }

    /** As {@link #write(SparkSession, String, int)}, from tables already opened (the forms of the year read them too). */
    public static Path write(SparkSession spark, WarehouseTables tables, int fiscalYear) {
        ReportData data = ReportData.collect(tables, fiscalYear);
        return writePage(spark, data.warehouse, "district-report-" + fiscalYear + ".html", render(data));
    }

    /**
     * Writes {@code <warehouseRoot>/reports/monitoring-report-<fiscalYear>-<asOf>.html}, the mid-year
     * monitoring page (双监控) of an as-of run, and returns its path.
     */
    public static Path writeMonitoring(SparkSession spark, String warehouseRoot, int fiscalYear, java.time.LocalDate asOf) {
        return writeMonitoring(spark, WarehouseTables.open(spark, warehouseRoot), fiscalYear, asOf);
    }

    /** As {@link #writeMonitoring(SparkSession, String, int, java.time.LocalDate)}, from tables already opened. */
    public static Path writeMonitoring(SparkSession spark, WarehouseTables tables, int fiscalYear, java.time.LocalDate asOf) {
        MonitoringData data = MonitoringData.collect(tables, fiscalYear, asOf);
        return writePage(spark, data.warehouse, "monitoring-report-" + fiscalYear + "-" + asOf + ".html",
                MonitoringPage.render(data));
    }

    /** Writes one page under {@code <root>/reports/}, atomically where the file system allows. */
    private static Path writePage(SparkSession spark, String root, String name, String html) {
        try {
            if (WarehouseTables.isLocal(root) || root.startsWith("file:")) {
                Path dir = (root.startsWith("file:") ? Path.of(java.net.URI.create(root)) : Path.of(root)).resolve(FOLDER);
                Files.createDirectories(dir);
                Path target = dir.resolve(name);
                Path temp = Files.createTempFile(dir, ".district-report-", ".tmp");
                Files.writeString(temp, html, StandardCharsets.UTF_8);
                try {
                    // A temp file is private to its owner; the report is meant to be shared like the tables.
                    Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: keep its defaults
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target.toAbsolutePath();
            }
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(root, FOLDER), name);
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (FSDataOutputStream stream = fs.create(target, true)) {
                stream.write(html.getBytes(StandardCharsets.UTF_8));
            }
            return Path.of(target.toUri().getPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the district report under " + root + ": " + e.getMessage(), e);
        }
    }

    /** The whole page for {@code data}. */
    static String render(ReportData data) {
        return DistrictReportPage.render(data);
    }
}
