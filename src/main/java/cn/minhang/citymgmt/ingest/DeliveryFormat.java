package cn.minhang.citymgmt.ingest;

import cn.minhang.citymgmt.sources.SourceDefinition;
import cn.minhang.citymgmt.sources.Sources;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deliveries of one source as a Spark data source (DataSource V2): the driver cuts the files
 * into splits and packs small ones into tasks; each task streams its splits through
 * {@link DeliveryPartitionReader} and hands Spark internal rows. Used through
 * {@link DeliveryReader#read}, which sets the options below.
 */
public final class DeliveryFormat implements TableProvider {
    static final String SOURCE = "source";
    static final String ROOT = "input_root";
    /** One file a line: length, modification time and path relative to the root, tab-separated. */
    static final String FILES = "files";
    static final String ENCODING = "encoding";
    static final String FISCAL_YEAR = "fiscal_year";
    static final String TIME_ZONE = "time_zone";
    /** The name matches Spark's redaction pattern, so plans and the UI never show the key. */
    static final String HMAC_SECRET = "personal_data.hmac_secret";
    static final String SPLIT_BYTES = "split_bytes";
    /** A source outside the registered ones travels as its serialized definition (a registered one by its name only). */
    static final String DEFINITION = "source_definition";

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return DeliveryReader.parsedSchema(source(options));
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new DeliveryTable(new CaseInsensitiveStringMap(properties), schema);
    }

    static String encodeFiles(List<DeliveryFile> files) {
        StringBuilder b = new StringBuilder();
        for (DeliveryFile f : files) {
            b.append(f.length()).append('\t').append(f.modifiedAt()).append('\t').append(f.path()).append('\n');
        }
        return b.toString();
    }

    static List<DeliveryFile> decodeFiles(String text) {
        List<DeliveryFile> files = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                String[] parts = line.split("\t", 3);
                files.add(new DeliveryFile(parts[2], Long.parseLong(parts[0]), Long.parseLong(parts[1])));
            }
        }
        return files;
    }

    private static SourceDefinition source(CaseInsensitiveStringMap options) {
        String name = options.get(SOURCE);
        String definition = options.get(DEFINITION);
        if (definition != null) {
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(definition)))) {
                return (SourceDefinition) in.readObject();
            } catch (java.io.IOException | ClassNotFoundException e) {
                throw new IllegalArgumentException("the definition of source " + name + " cannot be read: " + e, e);
            }
        }
        return Sources.named(name).orElseThrow(() -> new IllegalArgumentException("no source named " + name));
    }

    /** The options' form of a source the registry does not hold. */
    static String encodeDefinition(SourceDefinition source) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(source);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /**
     * The splits of {@code files}: a gzip file or one no larger than {@code splitBytes} is one
     * split, a larger plain file one split per {@code splitBytes}.
     */
    static List<DeliverySplit> splits(List<DeliveryFile> files, String qualifiedRoot, long splitBytes) {
        List<DeliverySplit> splits = new ArrayList<>();
        String root = qualifiedRoot.endsWith("/") ? qualifiedRoot : qualifiedRoot + "/";
        for (DeliveryFile f : files) {
            String uri = root + f.path();
            if (f.gzipped() || f.length() <= splitBytes) {
                splits.add(new DeliverySplit(f, uri, 0, 0, f.length(), true));
                continue;
            }
            int index = 0;
            for (long start = 0; start < f.length(); start += splitBytes) {
                splits.add(new DeliverySplit(f, uri, index++, start, Math.min(splitBytes, f.length() - start), false));
            }
        }
        return splits;
    }

    /**
     * Packs splits into tasks as Spark packs files: largest first, each task up to a target that
     * leaves every core work, counting an open cost per split so thousands of tiny files do not
     * become thousands of tasks.
     */
    static List<List<DeliverySplit>> pack(List<DeliverySplit> splits, long splitBytes, int parallelism) {
        long total = splits.stream().mapToLong(s -> s.length() + DeliveryReader.OPEN_COST_BYTES).sum();
        long target = Math.min(splitBytes, Math.max(DeliveryReader.OPEN_COST_BYTES, total / Math.max(1, parallelism)));
        List<DeliverySplit> bySize = new ArrayList<>(splits);
        bySize.sort(Comparator.comparingLong(DeliverySplit::length).reversed()
                .thenComparing(s -> s.file().path()).thenComparingInt(DeliverySplit::index));
        List<List<DeliverySplit>> tasks = new ArrayList<>();
        List<DeliverySplit> current = new ArrayList<>();
        long size = 0;
        for (DeliverySplit s : bySize) {
            long cost = s.length() + DeliveryReader.OPEN_COST_BYTES;
            if (!current.isEmpty() && size + cost > target) {
                tasks.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(s);
            size += cost;
        }
        if (!current.isEmpty()) {
            tasks.add(current);
        }
        return tasks;
    }

    /** The source's deliveries as a readable table. */
    private static final class DeliveryTable implements SupportsRead {
        private final CaseInsensitiveStringMap options;
        private final StructType schema;

        DeliveryTable(CaseInsensitiveStringMap options, StructType schema) {
            this.options = options;
            this.schema = schema;
        }

        @Override
        public String name() {
            return "deliveries of " + options.get(SOURCE);
        }

        @Override
        public StructType schema() {
            return schema;
        }

        @Override
        public Set<TableCapability> capabilities() {
            return Set.of(TableCapability.BATCH_READ);
        }

        @Override
        public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
            return () -> new DeliveryScan(options, schema);
        }
    }

    private static final class DeliveryScan implements Scan, Batch {
        private final CaseInsensitiveStringMap options;
        private final StructType schema;

        DeliveryScan(CaseInsensitiveStringMap options, StructType schema) {
            this.options = options;
            this.schema = schema;
        }

        @Override
        public StructType readSchema() {
            return schema;
        }

        @Override
        public String description() {
            return "DeliveryScan " + options.get(SOURCE) + " (" + decodeFiles(options.get(FILES)).size() + " files)";
        }

        @Override
        public Batch toBatch() {
            return this;
        }

        @Override
        public InputPartition[] planInputPartitions() {
            SparkSession spark = SparkSession.active();
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            Path root = new Path(options.get(ROOT));
            String qualified;
            try {
                qualified = root.getFileSystem(hadoop).makeQualified(root).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long splitBytes = Long.parseLong(options.get(SPLIT_BYTES));
            List<DeliverySplit> splits = splits(decodeFiles(options.get(FILES)), qualified, splitBytes);
            return pack(splits, splitBytes, spark.sparkContext().defaultParallelism()).stream()
                    .map(DeliveryPartition::new).toArray(InputPartition[]::new);
        }

        @Override
        public PartitionReaderFactory createReaderFactory() {
            DeliveryReader.ReadSpec spec = new DeliveryReader.ReadSpec(source(options),
                    Integer.parseInt(options.get(FISCAL_YEAR)), options.get(ENCODING), options.get(TIME_ZONE), options.get(HMAC_SECRET));
            // Broadcast, not shipped with every task: a Hadoop configuration is a thousand entries to deserialize.
            org.apache.spark.SparkContext sc = SparkSession.active().sparkContext();
            return new ReaderFactory(spec, org.apache.spark.api.java.JavaSparkContext.fromSparkContext(sc)
                    .broadcast(new SerializableConfiguration(sc.hadoopConfiguration())));
        }
    }

    /** The splits one task reads, in order. */
    record DeliveryPartition(List<DeliverySplit> splits) implements InputPartition {
    }

    private record ReaderFactory(DeliveryReader.ReadSpec spec, org.apache.spark.broadcast.Broadcast<SerializableConfiguration> hadoop)
            implements PartitionReaderFactory {
        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            return new DeliveryPartitionReader(spec, hadoop.value().value(), ((DeliveryPartition) partition).splits());
        }
    }
}
