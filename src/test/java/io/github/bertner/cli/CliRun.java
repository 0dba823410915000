package io.github.bertner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Runs a command in-process and checks what a user sees when it fails: the exit code, exactly one
 * {@code error:} line holding given fragments (file, line, bad value), and no stack trace.
 *
 * @param code exit code
 * @param out  standard output
 * @param err  standard error
 */
record CliRun(int code, String out, String err) {

    private static final Pattern FRAME = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(|^Caused by: |Exception: ");

    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun run(List<String> args) {
        return run(args.toArray(new String[0]));
    }

    /** The error lines of standard error. */
    List<String> errorLines() {
        return err.lines().filter(l -> l.startsWith("error:")).toList();
    }

    /**
     * Asserts a failure as the CLI promises it.
     *
     * @param expectedCode 1 for bad input, 2 for bad usage
     * @param fragments    texts the single error line must contain
     * @return the error line
     */
    String assertError(int expectedCode, String... fragments) {
        String context = "exit " + code + "\nstderr:\n" + err + "\nstdout:\n" + out;
        assertEquals(expectedCode, code, context);
        List<String> lines = errorLines();
        assertEquals(1, lines.size(), "one error line expected\n" + context);
        String line = lines.get(0);
        for (String f : fragments) {
            assertTrue(line.contains(f), "error line lacks '" + f + "': " + line);
        }
        assertFalse(FRAME.matcher(err).find(), "stack trace or exception class printed:\n" + err);
        return line;
    }

    /** Asserts success. */
    CliRun assertOk() {
        assertEquals(0, code, "stderr:\n" + err + "\nstdout:\n" + out);
        assertTrue(errorLines().isEmpty(), err);
        return this;
    }
}
