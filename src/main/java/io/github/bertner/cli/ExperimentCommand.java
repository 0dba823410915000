package io.github.bertner.cli;

import io.github.bertner.experiment.ExperimentListener;
import io.github.bertner.experiment.ExperimentResults;
import io.github.bertner.experiment.ExperimentRunner;
import io.github.bertner.experiment.ExperimentSpec;
import io.github.bertner.experiment.ResultsWriter;
import io.github.bertner.experiment.RunPlan;
import io.github.bertner.experiment.RunResult;
import io.github.bertner.experiment.TestScores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bertner experiment}: parameter grids, seeds and cross-validation with one results table. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run experiments: every grid setting x seed x fold is trained and evaluated; results in one table.",
        subcommands = {ExperimentCommand.Run.class})
public final class ExperimentCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code bertner experiment run <spec.json|spec.yaml>}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run an experiment spec (JSON or YAML, see docs/experiments.md). Finished runs are skipped and a "
                    + "killed run resumes from its checkpoint, so the same command continues an interrupted experiment.",
                    "Results: <out>/results/results.md, results.csv, results.html, runs.csv, chart.png."})
    static final class Run implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "The experiment spec (.json, or .yaml/.yml with the same keys).")
        Path specFile;

        @Option(names = "--out", description = "Output folder (default: the spec's \"out\", else target/experiments/<name>).")
        Path out;

        @Option(names = "--dry-run", description = "Read the corpora and list the runs (and which are finished) without training.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            PrintWriter outW = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ExperimentSpec experiment;
            try {
                experiment = ExperimentSpec.read(specFile);
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return 1;
            }
            if (out != null) {
                experiment = experiment.withOut(out);
            }
            ExperimentSpec s = experiment;
            ExperimentRunner[] runner = new ExperimentRunner[1];
            runner[0] = ExperimentRunner.builder().setSpec(s).optDryRun(dryRun)
                    .optTrainingProgress(new ConsoleProgress(outW, System.console() != null, 50))
                    .optListener(new Lines(outW, s, dryRun, p -> runner[0].isFinished(p))).build();
            runner[0].run();
            outW.flush();
            return 0;
        }
    }

    /** One line per run. */
    private static final class Lines implements ExperimentListener {
        private final PrintWriter out;
        private final ExperimentSpec spec;
        private final boolean dryRun;
        private final java.util.function.Predicate<RunPlan> finished;

        Lines(PrintWriter out, ExperimentSpec spec, boolean dryRun, java.util.function.Predicate<RunPlan> finished) {
            this.out = out;
            this.spec = spec;
            this.dryRun = dryRun;
            this.finished = finished;
        }

        @Override
        public void onPlanned(List<RunPlan> runs) {
            long done = runs.stream().filter(finished).count();
            out.printf(Locale.ROOT, "experiment %s: %d runs (%d finished before), output in %s%n", spec.name(),
                    runs.size(), done, spec.out());
            if (dryRun) {
                for (int i = 0; i < runs.size(); i++) {
                    out.printf(Locale.ROOT, "[%d/%d] %s: %s%s%n", i + 1, runs.size(), runs.get(i).describe(spec.folds()),
                            runs.get(i).id(), finished.test(runs.get(i)) ? " (finished)" : "");
                }
            }
            out.flush();
        }

        @Override
        public void onRunStart(int index, int total, RunPlan run, Path dir) {
            out.printf(Locale.ROOT, "[%d/%d] %s: training in %s%n", index + 1, total, run.describe(spec.folds()), dir);
            out.flush();
        }

        @Override
        public void onRunSkipped(int index, int total, RunResult result) {
            out.printf(Locale.ROOT, "[%d/%d] %s: finished before, skipped; %s%n", index + 1, total,
                    result.plan().describe(spec.folds()), scores(result));
            out.flush();
        }

        @Override
        public void onRunFinished(int index, int total, RunResult result) {
            out.printf(Locale.ROOT, "[%d/%d] %s: done in %s; %s%n", index + 1, total,
                    result.plan().describe(spec.folds()), ConsoleProgress.duration(result.seconds()), scores(result));
            out.flush();
        }

        @Override
        public void onFinished(ExperimentResults results, Path dir) {
            out.println("results in " + dir.resolve(ResultsWriter.MARKDOWN) + " (also " + ResultsWriter.CSV + ", "
                    + ResultsWriter.HTML + ", " + ResultsWriter.RUNS_CSV + ", " + ResultsWriter.CHART + ")");
            if (results.best() >= 0) {
                ExperimentResults.SettingSummary b = results.settings().get(results.best());
                out.println("best setting " + (b.setting() + 1) + " (" + b.label() + ") by " + results.selection());
            }
            out.flush();
        }

        private static String scores(RunResult r) {
            StringBuilder sb = new StringBuilder();
            if (!Double.isNaN(r.devScore())) {
                sb.append(String.format(Locale.ROOT, "dev strict F1 %s, ", ResultsWriter.pct(r.devScore())));
            }
            for (Map.Entry<String, TestScores> e : r.tests().entrySet()) {
                sb.append(String.format(Locale.ROOT, "%s strict F1 %s, ", e.getKey(),
                        ResultsWriter.pct(e.getValue().strict().f1())));
            }
            return sb.length() == 0 ? "" : sb.substring(0, sb.length() - 2);
        }
    }
}
