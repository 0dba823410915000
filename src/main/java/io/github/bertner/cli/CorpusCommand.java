package io.github.bertner.cli;

import io.github.bertner.io.ReaderException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bertner corpus}: corpus statistics and format conversion. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = "Read corpora: statistics and conversion.",
        subcommands = {CorpusStatsCommand.class, CorpusConvertCommand.class})
public final class CorpusCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Prints the most useful message of a failure: the {@link ReaderException} in the cause chain when
     * there is one (it names file, line and value), else the root cause.
     *
     * @param err where to print
     * @param e   the failure
     * @return the exit code for input errors
     */
    static int reportFailure(PrintWriter err, Exception e) {
        Throwable t = e;
        Throwable root = e;
        while (t != null) {
            if (t instanceof ReaderException) {
                err.println("error: " + t.getMessage());
                err.flush();
                return 1;
            }
            root = t;
            t = t.getCause();
        }
        err.println("error: " + (root.getMessage() != null ? root.getMessage() : root.toString()));
        err.flush();
        return 1;
    }
}
