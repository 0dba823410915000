package io.github.bertner.io;

/** A reader that accounts for what it read and skipped; every bertner corpus reader implements it. */
public interface ReportingReader {

    /**
     * The report of everything read so far.
     *
     * @return the live report
     */
    ReadReport report();
}
