package io.github.bertner.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags a document collection on Spark: read (text files, JSON lines or Parquet), tag every partition
 * with {@link PartitionTagger}, write {@code entities/} and {@code errors/} through Spark's file
 * committer (a retried or speculative task never adds rows twice), then {@code summary.json}.
 *
 * <p>Output rows: entities {@code doc_id, begin, end, type, text, confidence} (character offsets into
 * the document text, end exclusive); errors {@code doc_id, source, failure, reason}. The tagged
 * documents are kept (memory, spilling to disk) between the writes and the summary, so each
 * document is tagged once per run.
 */
public final class SparkTagJob {

    private static final Logger LOG = LoggerFactory.getLogger(SparkTagJob.class);
    /** Sub-folder of the output with one row per entity. */
    public static final String ENTITIES = "entities";
    /** Sub-folder of the output with one row per failed document. */
    public static final String ERRORS = "errors";
    /** File in the output folder with the {@link RunSummary}. */
    public static final String SUMMARY = "summary.json";
    /** The corrupt-record column of the JSON reader. */
    private static final String CORRUPT_RECORD = "_corrupt_record";

    private SparkTagJob() {
    }

    /**
     * Runs the job in a session.
     *
     * @param spark  the session (any master)
     * @param config what to read, how to tag, where to write
     * @return the totals, also written to {@code summary.json}
     */
    public static RunSummary run(SparkSession spark, TagJobConfig config) {
        long started = System.nanoTime();
        Dataset<Row> documents = read(spark, config);
        int parallelism = spark.sparkContext().defaultParallelism();
        int partitions = documents.rdd().getNumPartitions();
        if (config.partitions() > 0 && config.partitions() != partitions) {
            documents = documents.repartition(config.partitions());
        } else if (config.partitions() == 0 && partitions < parallelism) {
            documents = documents.repartition(parallelism);
        }
        Dataset<Row> results = documents
                .mapPartitions(new PartitionTagger(config.tagger(), config.threadsPerTask()), Encoders.row(Schemas.RESULT))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> entities = results.where(col("failure").isNull())
                    .select(col("id").as("doc_id"), explode(col("entities")).as("e"))
                    .select(col("doc_id"), col("e.begin").as("begin"), col("e.end").as("end"), col("e.type").as("type"),
                            col("e.text").as("text"), col("e.confidence").as("confidence"));
            Dataset<Row> errors = results.where(col("failure").isNotNull())
                    .select(col("id").as("doc_id"), col("source"), col("failure"), col("reason"));
            write(entities, config, ENTITIES);
            write(errors, config, ERRORS);
            Row totals = results.agg(count(lit(1)), sum(col("tokens")), sum(col("sentences")),
                    sum(when(col("failure").isNotNull(), 1).otherwise(0))).first();
            SortedMap<String, Long> perType = counts(results.select(explode(col("entities")).as("e"))
                    .groupBy(col("e.type")).count());
            SortedMap<String, Long> perKind = counts(errors.groupBy(col("failure")).count());
            long documentsRead = totals.getLong(0);
            long failures = totals.isNullAt(3) ? 0 : totals.getLong(3);
            RunSummary summary = new RunSummary(documentsRead, documentsRead - failures, failures,
                    totals.isNullAt(1) ? 0 : totals.getLong(1), totals.isNullAt(2) ? 0 : totals.getLong(2),
                    perType.values().stream().mapToLong(Long::longValue).sum(), perType, perKind,
                    (System.nanoTime() - started) / 1e9);
            writeSummary(spark, config, summary);
            LOG.info("tagged {} of {} documents ({} failed), {} tokens, {} entities in {} s", summary.tagged(),
                    summary.documents(), summary.failures(), summary.tokens(), summary.entities(), summary.seconds());
            return summary;
        } finally {
            results.unpersist();
        }
    }

    private static Dataset<Row> read(SparkSession spark, TagJobConfig config) {
        String[] paths = config.inputs().toArray(new String[0]);
        Column nullText = lit(null).cast(DataTypes.StringType);
        Column nullBytes = lit(null).cast(DataTypes.BinaryType);
        Dataset<Row> docs = switch (config.inputFormat()) {
            // raw bytes, decoded strictly in the task, so a file that is not UTF-8 is reported instead of
            // being tagged with replacement characters
            case TEXT -> spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(paths)
                    .select(col("_metadata.file_name"), nullText, col("content"), col("_metadata.file_path"), nullText);
            case JSONL -> spark.read()
                    .schema(new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType)
                            .add("lang", DataTypes.StringType).add(CORRUPT_RECORD, DataTypes.StringType))
                    .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT_RECORD)
                    .json(paths)
                    .select(col("id"), col("text"), nullBytes, col("_metadata.file_path"), col(CORRUPT_RECORD));
            case PARQUET -> {
                Dataset<Row> parquet = spark.read().parquet(paths);
                List<String> columns = Arrays.asList(parquet.columns());
                if (!columns.contains("id") || !columns.contains("text")) {
                    throw new IllegalArgumentException(config.inputs() + ": expected Parquet columns id and text, found "
                            + columns);
                }
                yield parquet.select(col("id").cast(DataTypes.StringType), col("text").cast(DataTypes.StringType),
                        nullBytes, col("_metadata.file_path"), nullText);
            }
        };
        return docs.toDF(Schemas.DOCUMENT.fieldNames());
    }

    private static void write(Dataset<Row> rows, TagJobConfig config, String name) {
        rows.write().mode(config.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                .format(config.outputFormat().sparkSource())
                .save(new Path(config.output(), name).toString());
    }

    private static SortedMap<String, Long> counts(Dataset<Row> grouped) {
        SortedMap<String, Long> out = new TreeMap<>();
        for (Row row : grouped.collectAsList()) {
            out.put(row.getString(0), row.getLong(1));
        }
        return out;
    }

    private static void writeSummary(SparkSession spark, TagJobConfig config, RunSummary summary) {
        Path target = new Path(config.output(), SUMMARY);
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (OutputStream out = fs.create(target, true)) {
                out.write(summary.toJson().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
