package io.github.bertner.cli;

import io.github.bertner.io.ReaderException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.ExecutionException;
import org.apache.uima.UIMAException;
import org.apache.uima.UIMARuntimeException;
import picocli.CommandLine;

/**
 * The one error path of every command: turns any failure into a single line
 * {@code error: <file>[:<line>]: <what>, expected <x>, found <y>} on standard error and an exit code
 * ({@link #BAD_INPUT} for input that cannot be used, {@link #BAD_USAGE} for options and arguments that
 * make no sense). The stack trace is printed only with {@code --verbose}.
 *
 * <p>The message comes from the deepest cause that says something: UIMA wraps a reader's or annotator's
 * exception in two or three layers whose messages ("Initialization of annotator class ... failed") name
 * no file, so those layers are looked through.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    /** Exit code for input (files, models, corpora) that cannot be used. */
    static final int BAD_INPUT = 1;
    /** Exit code for options or arguments that are wrong before any input is read. */
    static final int BAD_USAGE = 2;

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("error: " + oneLine(ex.getMessage()) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                + " --help')");
        if (verbose(args)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return BAD_USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("error: " + message(ex));
        if (verbose(parseResult.originalArgs().toArray(new String[0]))) {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCode(ex);
    }

    /**
     * The exit code of a failure: {@link #BAD_USAGE} when a usage error is anywhere in its cause chain,
     * else {@link #BAD_INPUT}.
     *
     * @param e the failure
     * @return the exit code
     */
    static int exitCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CommandLine.ParameterException || t instanceof UsageException) {
                return BAD_USAGE;
            }
        }
        return BAD_INPUT;
    }

    /**
     * The message printed for a failure, without the {@code error: } prefix and on one line.
     *
     * @param e the failure
     * @return the most specific message of its cause chain
     */
    static String message(Throwable e) {
        java.util.List<Throwable> candidates = new java.util.ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ReaderException || t instanceof UsageException
                    || t instanceof CommandLine.ParameterException) {
                // these name file, line and value themselves; what they wrap is detail
                return oneLine(t.getMessage());
            }
            if (!isWrapper(t)) {
                candidates.add(t);
            }
            if (t.getCause() == t || candidates.size() > 50) {
                break;
            }
        }
        // the innermost cause whose message no outer layer repeats: an outer layer that quotes it adds
        // context (the file, the model folder), one that does not has only said "failed"
        for (int i = candidates.size() - 1; i >= 0; i--) {
            String m = candidates.get(i).getMessage();
            boolean repeated = false;
            for (int j = 0; j < i && m != null && !repeated; j++) {
                String outer = candidates.get(j).getMessage();
                repeated = outer != null && outer.contains(m);
            }
            if (!repeated) {
                return oneLine(describe(candidates.get(i)));
            }
        }
        return oneLine(describe(rootOf(e)));
    }

    private static Throwable rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** Layers that only carry their cause: UIMA's framework exceptions, reflection and executor wrappers. */
    private static boolean isWrapper(Throwable t) {
        if (t.getCause() == null) {
            return false;
        }
        if (t instanceof UIMAException || t instanceof UIMARuntimeException
                || t instanceof InvocationTargetException || t instanceof ExecutionException) {
            return true;
        }
        String m = t.getMessage();
        // e.g. new RuntimeException(cause): the message is only the cause's toString()
        return m == null || m.equals(t.getCause().toString());
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        if (t instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or folder";
        }
        if (t instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (t instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists";
        }
        if (t instanceof NotDirectoryException f) {
            return f.getFile() + ": expected a folder, found a file";
        }
        if (t instanceof CharacterCodingException) {
            return "expected UTF-8 text, found bytes that are not (" + t + ")";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + m + "); give the JVM more heap (-Xmx) or use smaller batches";
        }
        if (m == null || m.isBlank()) {
            return "internal error: " + t;
        }
        if (t instanceof NullPointerException || t instanceof ClassCastException
                || t instanceof IndexOutOfBoundsException) {
            return "internal error: " + t.getClass().getSimpleName() + ": " + m;
        }
        return m;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        // a message over several lines would read as several errors
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    private static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--verbose")) {
                return true;
            }
            if (a.equals("--")) {
                return false;
            }
        }
        return false;
    }
}
