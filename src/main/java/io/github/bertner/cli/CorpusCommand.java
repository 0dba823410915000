package io.github.bertner.cli;

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
}
