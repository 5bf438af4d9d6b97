package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.Sources;
import cn.minhang.citymgmt.sources.SourceDefinition;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every CSV delivery of one source (any depth, {@code .csv} or {@code .csv.gz}) in one
 * streaming pass on the executors, through {@link DeliveryFormat}: each file is decoded in its
 * declared encoding, its own header maps the columns, each line is parsed by {@link RecordParser}
 * and keeps its file and line number for the quarantine, which Spark's CSV reader cannot give.
 */
public final class DeliveryReader {
    /** Internal columns carried next to the typed ones until the tables are written. */
    public static final String FILE = "_file";
    public static final String LINE = "_line";
    public static final String RAW = "_raw";
    public static final String REASONS = "_reasons";
    public static final String MEMBERSHIP = "_membership";
    public static final String FINGERPRINT = "_fingerprint";
    public static final String KEY = "_key";
    /** Which split of its file a row was read by (0 holds the header); line numbers restart in each. */
    public static final String SPLIT = "_split";
    /** The {@link SplitStats} of a split's marker row; null on record rows. */
    public static final String STATS = "_stats";
    static final int INTERNAL_COLUMNS = 9;
    /** Membership of the marker row a file emits when it cannot be read at all. */
    public static final String FILE_ERROR = "FILE_ERROR";
    /** Membership of the row that closes each split with its figures. */
    public static final String SPLIT_END = "SPLIT_END";

    /** Default size of a split of a plain file: Spark's own default for file sources. */
    public static final long DEFAULT_SPLIT_BYTES = 128L << 20;
    /** What opening a file costs, in bytes of reading, when small files are packed into one task (Spark's default). */
    static final long OPEN_COST_BYTES = 4L << 20;

    /** What a task needs to parse a source's lines; the secret never leaves the reader. */
    record ReadSpec(SourceDefinition source, int fiscalYear, String encoding, String timeZone, String hmacSecret)
            implements Serializable {
    }

    private DeliveryReader() {
    }

    /** The CSV files under {@code dir} at any depth, with their paths relative to {@code inputRoot}, sorted by path. */
    public static List<DeliveryFile> listDeliveries(Configuration hadoopConf, String inputRoot, String dir) throws IOException {
        Path rootPath = new Path(inputRoot);
        FileSystem fs = rootPath.getFileSystem(hadoopConf);
        String root = fs.makeQualified(rootPath).toString();
        List<DeliveryFile> files = new ArrayList<>();
        // listStatus, not listFiles: a LocatedFileStatus reads each file's owner and permissions, which Hadoop's local
        // file system does by running `ls -ld` once per file when its native library is absent (3,405 processes
        // before a city's first read; docs/benchmarks.md). Size and modification time are all a delivery needs.
        Deque<Path> folders = new ArrayDeque<>(List.of(new Path(rootPath, dir)));
        while (!folders.isEmpty()) {
            for (FileStatus status : fs.listStatus(folders.pop())) {
                if (status.isDirectory()) {
                    folders.push(status.getPath());
                    continue;
                }
                String path = status.getPath().toString();
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (!name.startsWith(".") && !name.startsWith("_") && (name.endsWith(".csv") || name.endsWith(".csv.gz"))) {
                    files.add(new DeliveryFile(path.substring(root.length()).replaceFirst("^/+", ""),
                            status.getLen(), status.getModificationTime()));
                }
            }
        }
        files.sort(java.util.Comparator.comparing(DeliveryFile::path));
        return files;
    }

    /**
     * What changed in the input since the run listed it, one line per file: its size or
     * modification time differs, it is gone, or it is new. {@code listed} is what the run listed
     * under {@code sourceDirs} (the source folders of {@code inputRoot}); empty when nothing changed.
     * Size and time are what the listing knows; the checksum is computed by the tasks as they read
     * and comparing it would mean reading every file again.
     */
    public static List<String> changedSinceListing(Configuration hadoopConf, String inputRoot, java.util.Collection<String> sourceDirs,
                                                   List<DeliveryFile> listed) throws IOException {
        List<DeliveryFile> now = new ArrayList<>();
        for (String dir : sourceDirs) {
            try {
                now.addAll(listDeliveries(hadoopConf, inputRoot, dir));
            } catch (java.io.FileNotFoundException e) {
                // the folder is gone: every file listed in it is reported as removed
            }
        }
        return changes(listed, now);
    }

    /** The differences between two listings of the input, by path, in path order. */
    static List<String> changes(List<DeliveryFile> listed, List<DeliveryFile> now) {
        Map<String, DeliveryFile> before = new java.util.TreeMap<>();
        listed.forEach(f -> before.put(f.path(), f));
        Map<String, DeliveryFile> after = new java.util.TreeMap<>();
        now.forEach(f -> after.put(f.path(), f));
        java.util.SortedSet<String> paths = new java.util.TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<String> changes = new ArrayList<>();
        for (String path : paths) {
            DeliveryFile b = before.get(path);
            DeliveryFile a = after.get(path);
            if (a == null) {
                changes.add(path + " was removed while the run read it");
            } else if (b == null) {
                changes.add(path + " appeared while the run read the input (this run did not read it)");
            } else if (b.length() != a.length() || b.modifiedAt() != a.modifiedAt()) {
                List<String> what = new ArrayList<>();
                if (b.length() != a.length()) {
                    what.add("size " + b.length() + " → " + a.length() + " bytes");
                }
                if (b.modifiedAt() != a.modifiedAt()) {
                    what.add("modified " + java.time.Instant.ofEpochMilli(b.modifiedAt()) + " → " + java.time.Instant.ofEpochMilli(a.modifiedAt()));
                }
                changes.add(path + " changed while the run read it: " + String.join(", ", what));
            }
        }
        return changes;
    }

    public static StructType parsedSchema(SourceDefinition source) {
        // Everything nullable: a required field that did not parse is null until the row is quarantined.
        List<StructField> fields = new ArrayList<>();
        for (StructField f : source.cleanedSchema().fields()) {
            fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
        }
        fields.add(DataTypes.createStructField(FILE, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(LINE, DataTypes.LongType, true));
        fields.add(DataTypes.createStructField(RAW, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(REASONS, DataTypes.createArrayType(DataTypes.StringType, false), false));
        fields.add(DataTypes.createStructField(MEMBERSHIP, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(FINGERPRINT, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(KEY, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(SPLIT, DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField(STATS, SplitStats.SCHEMA, true));
        return DataTypes.createStructType(fields);
    }

    /**
     * The lines of {@code fiscalYear} (and those no date places in a year) of every file as rows of
     * {@link #parsedSchema}, plus one {@link #SPLIT_END} row per split with its figures; a file that
     * cannot be read yields a {@link #FILE_ERROR} row with the problem as its reason.
     */
    public static Dataset<Row> read(SparkSession spark, SourceDefinition source, String inputRoot, List<DeliveryFile> files,
                                    String encoding, int fiscalYear, String hmacSecret, String timeZone, long splitBytes) {
        StructType schema = parsedSchema(source);
        if (files.isEmpty()) {
            return spark.createDataFrame(List.of(), schema);
        }
        Map<String, String> options = new HashMap<>();
        options.put(DeliveryFormat.SOURCE, source.name());
        options.put(DeliveryFormat.ROOT, inputRoot);
        options.put(DeliveryFormat.FILES, DeliveryFormat.encodeFiles(files));
        options.put(DeliveryFormat.ENCODING, encoding);
        options.put(DeliveryFormat.FISCAL_YEAR, Integer.toString(fiscalYear));
        options.put(DeliveryFormat.TIME_ZONE, timeZone);
        options.put(DeliveryFormat.HMAC_SECRET, hmacSecret);
        options.put(DeliveryFormat.SPLIT_BYTES, Long.toString(splitBytes));
        if (Sources.named(source.name()).orElse(null) != source) {
            options.put(DeliveryFormat.DEFINITION, DeliveryFormat.encodeDefinition(source));
        }
        return spark.read().format(DeliveryFormat.class.getName()).options(options).load();
    }
}
