package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.SourceDefinition;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;
import scala.collection.JavaConverters;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads every CSV delivery of one source (any depth, {@code .csv} or {@code .csv.gz}) in one pass
 * on the executors: one file per record of {@code binaryFiles}, decoded in its declared encoding,
 * its own header mapping the columns, each line parsed by {@link RecordParser}. Line numbers and
 * the raw line survive for the quarantine, which Spark's CSV reader cannot give.
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
    /** Membership of the marker row a file emits when it cannot be read at all. */
    public static final String FILE_ERROR = "FILE_ERROR";

    private DeliveryReader() {
    }

    /** The CSV files under {@code dir} at any depth, as paths relative to {@code inputRoot}, sorted. */
    public static List<String> listDeliveries(Configuration hadoopConf, String inputRoot, String dir) throws IOException {
        Path rootPath = new Path(inputRoot);
        FileSystem fs = rootPath.getFileSystem(hadoopConf);
        String root = fs.makeQualified(rootPath).toString();
        List<String> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(new Path(rootPath, dir), true);
        while (it.hasNext()) {
            String path = it.next().getPath().toString();
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (!name.startsWith(".") && !name.startsWith("_") && (name.endsWith(".csv") || name.endsWith(".csv.gz"))) {
                files.add(path.substring(root.length()).replaceFirst("^/+", ""));
            }
        }
        files.sort(String::compareTo);
        return files;
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
        return DataTypes.createStructType(fields);
    }

    /**
     * Every line of every file as a row of {@link #parsedSchema}; a file that cannot be read
     * yields one row with membership {@link #FILE_ERROR} and the problem as its reason.
     */
    public static Dataset<Row> read(SparkSession spark, SourceDefinition source, String inputRoot, List<String> files,
                                    String encoding, int fiscalYear, String hmacSecret, String timeZone) throws IOException {
        StructType schema = parsedSchema(source);
        if (files.isEmpty()) {
            return spark.createDataFrame(List.of(), schema);
        }
        String root = inputRoot.endsWith("/") ? inputRoot : inputRoot + "/";
        String paths = String.join(",", files.stream().map(f -> root + f).toList());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int width = schema.size() - 7;
        String rootPrefix = new Path(inputRoot).getFileSystem(hadoop(spark)).makeQualified(new Path(inputRoot)).toString();
        return spark.createDataFrame(jsc.binaryFiles(paths, Math.min(files.size(), 64))
                .flatMap((Tuple2<String, PortableDataStream> file) -> {
                    String relative = relativise(file._1(), rootPrefix);
                    return readFile(source, relative, file._2(), encoding, fiscalYear, hmacSecret, ZoneId.of(timeZone), width);
                }), schema);
    }

    private static Configuration hadoop(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }

    private static String relativise(String path, String rootPrefix) {
        String p = path.startsWith(rootPrefix) ? path.substring(rootPrefix.length()) : path;
        return p.replaceFirst("^/+", "");
    }

    private static Iterator<Row> readFile(SourceDefinition source, String file, PortableDataStream data, String encoding,
                                          int fiscalYear, String secret, ZoneId zone, int width) {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = open(file, data); Reader reader = decoder(in, encoding)) {
            CsvParser csv = new CsvParser(settings());
            csv.beginParsing(reader);
            String[] header = csv.parseNext();
            List<String> problems = RecordParser.headerProblems(source, header);
            if (!problems.isEmpty()) {
                return List.of(fileError(file, String.join("; ", problems), width)).iterator();
            }
            RecordParser parser = new RecordParser(source, header, fiscalYear, secret);
            String[] fields;
            while ((fields = csv.parseNext()) != null) {
                long line = csv.getContext().currentLine();
                rows.add(toRow(parser.parse(fields), file, line, zone));
            }
            csv.stopParsing();
        } catch (IOException | UncheckedIOException | com.univocity.parsers.common.TextParsingException e) {
            // The CSV parser wraps the decoder's complaint; either way it means a wrong encoding.
            boolean encodingProblem = e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException;
            String problem = encodingProblem
                    ? "is not valid " + encoding + " text (declare its encoding, e.g. GBK, in the configuration)"
                    : "cannot be read: " + firstLine(e.getMessage());
            return List.of(fileError(file, problem, width)).iterator();
        }
        return rows.iterator();
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse(message);
    }

    private static InputStream open(String file, PortableDataStream data) throws IOException {
        InputStream in = new BufferedInputStream(data.open());
        return file.endsWith(".gz") ? new BufferedInputStream(new GZIPInputStream(in)) : in;
    }

    /** Strict decoding: a GBK file read as UTF-8 must stop with a message, not turn into mojibake. */
    private static Reader decoder(InputStream in, String encoding) throws IOException {
        Charset charset = Charset.forName(encoding);
        in.mark(3);
        byte[] bom = in.readNBytes(3);
        boolean utf8Bom = bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF;
        if (!utf8Bom) {
            in.reset();
        }
        return new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private static CsvParserSettings settings() {
        CsvParserSettings s = new CsvParserSettings();
        s.setHeaderExtractionEnabled(false);
        s.setLineSeparatorDetectionEnabled(true);
        s.setSkipEmptyLines(true);
        s.setMaxColumns(1024);
        s.setMaxCharsPerColumn(1 << 20);
        s.setNullValue(null);
        s.setEmptyValue(null);
        return s;
    }

    private static Row toRow(ParsedRecord record, String file, long line, ZoneId zone) {
        Object[] typed = record.values();
        Object[] values = new Object[typed.length + 7];
        for (int i = 0; i < typed.length; i++) {
            values[i] = sparkValue(typed[i], zone);
        }
        int i = typed.length;
        values[i++] = file;
        values[i++] = line;
        values[i++] = record.maskedRaw();
        values[i++] = JavaConverters.asScalaBuffer(record.reasons()).toList();
        values[i++] = record.membership().name();
        values[i++] = record.fingerprint();
        values[i] = record.key();
        return RowFactory.create(values);
    }

    /** Dates and local timestamps as Spark's external types; timestamps are read in the contract's zone. */
    static Object sparkValue(Object value, ZoneId zone) {
        if (value instanceof LocalDate d) {
            return java.sql.Date.valueOf(d);
        }
        if (value instanceof LocalDateTime t) {
            return Timestamp.from(t.atZone(zone).toInstant());
        }
        return value;
    }

    private static Row fileError(String file, String problem, int width) {
        Object[] values = new Object[width + 7];
        values[width] = file;
        values[width + 3] = JavaConverters.asScalaBuffer(List.of(problem)).toList();
        values[width + 4] = FILE_ERROR;
        return RowFactory.create(values);
    }
}
