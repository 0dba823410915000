package io.github.bertner.spark.cli;

import io.github.bertner.spark.InputFormat;
import io.github.bertner.spark.OutputFormat;
import io.github.bertner.spark.RunSummary;
import io.github.bertner.spark.SparkTagJob;
import io.github.bertner.spark.TagJobConfig;
import io.github.bertner.tagging.Decoding;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bertner-spark}: the {@link SparkTagJob} from the command line. Under {@code spark-submit} the
 * master and resources come from spark-submit; run with plain {@code java} it starts an embedded Spark
 * with {@code --master} (default {@code local[*]}).
 */
@Command(name = "bertner-spark", mixinStandardHelpOptions = true,
        description = "Tag named entities in a document collection with Apache Spark.")
public final class SparkTagCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model folder: a path every executor can read, "
            + "or the name given with spark-submit --archives model.zip#NAME.")
    String model;

    @Option(names = "--input-format", defaultValue = "jsonl",
            description = "text (one UTF-8 file per document, id = file name), jsonl ({id, text, lang?}) or parquet "
                    + "(default ${DEFAULT-VALUE}).")
    String inputFormat;

    @Option(names = "--output-format", defaultValue = "jsonl", description = "jsonl or parquet (default ${DEFAULT-VALUE}).")
    String outputFormat;

    @Option(names = "--out", required = true, description = "Output folder: entities/, errors/, summary.json.")
    String out;

    @Option(names = "--master", description = "Spark master when not run by spark-submit (default local[*]).")
    String master;

    @Option(names = "--threads-per-task", defaultValue = "1",
            description = "Documents tagged concurrently inside one task (default ${DEFAULT-VALUE}).")
    int threadsPerTask;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Partitions to tag in; 0 keeps the input's, at least the default parallelism.")
    int partitions;

    @Option(names = "--batch-size", defaultValue = "32", description = "Windows per model call (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--decoding", defaultValue = "viterbi", description = "viterbi (default) or argmax.")
    String decoding;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu (default), auto or gpu:N.")
    String device;

    @Option(names = "--overwrite", description = "Replace existing outputs instead of failing.")
    boolean overwrite;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Input files or folders (local paths or URIs).")
    List<String> inputs;

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkTagCommand()).execute(args));
    }

    @Override
    public Integer call() {
        TagJobConfig config;
        try {
            config = TagJobConfig.builder(model)
                    .setInputs(InputFormat.parse(inputFormat), inputs)
                    .setOutput(OutputFormat.parse(outputFormat), out)
                    .optThreadsPerTask(threadsPerTask).optPartitions(partitions).optBatchSize(batchSize)
                    .optDecoding(Decoding.valueOf(decoding.trim().toUpperCase(Locale.ROOT)))
                    .optDevice(device).optOverwrite(overwrite)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        SparkConf conf = new SparkConf().setAppName("bertner-spark");
        // spark-submit passes its master as the spark.master property; only a plain java run needs ours
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            RunSummary summary = SparkTagJob.run(spark, config);
            PrintWriter console = spec.commandLine().getOut();
            console.printf(Locale.ROOT, "tagged %d of %d documents (%d failed, see %s/errors), %d tokens, %d entities "
                            + "%s in %.1f s (%.0f tokens/s) on %s -> %s%n", summary.tagged(), summary.documents(),
                    summary.failures(), out, summary.tokens(), summary.entities(), summary.entitiesPerType(),
                    summary.seconds(), summary.tokensPerSecond(), spark.sparkContext().master(), out);
            console.flush();
            return summary.failures() == 0 ? 0 : 3;
        } finally {
            spark.stop();
        }
    }
}
