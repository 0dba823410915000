package io.github.bertner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code java -jar target/bertner.jar}: dispatches to the sub-commands.
 */
@Command(name = "bertner", mixinStandardHelpOptions = true, version = "bertner-uima 0.1.0",
        description = "BERT named-entity recognition for UIMA / DKPro Core: corpora, training, tagging, evaluation.",
        subcommands = {CommandLine.HelpCommand.class, CorpusCommand.class, EvaluateCommand.class,
                TrainCommand.class, TagCommand.class, PretrainCommand.class, VocabCommand.class,
                ImportCommand.class, PackCommand.class, ServeCommand.class, CompareCommand.class,
                ExperimentCommand.class, DistillCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Read by {@link ErrorReporter} from the arguments; declared here so that every command accepts it. */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace after the error line.")
    boolean verbose;

    /**
     * Runs the CLI and exits with its status code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * Builds the picocli command line with all sub-commands registered; tests use it to run
     * commands in-process.
     *
     * @return the configured command line
     */
    public static CommandLine newCommandLine() {
        ErrorReporter errors = new ErrorReporter();
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
