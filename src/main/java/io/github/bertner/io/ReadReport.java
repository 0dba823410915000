package io.github.bertner.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters and issues collected by one reader: what was read (documents, sentences, tokens, entities per
 * type) and what was skipped or repaired, and why. Thread-safe.
 */
public final class ReadReport {

    private static final Logger LOG = LoggerFactory.getLogger(ReadReport.class);

    private final SortedMap<String, Long> counters = new TreeMap<>();
    private final List<ReadIssue> issues = new ArrayList<>();

    /**
     * Adds one to a counter.
     *
     * @param counter counter name, e.g. {@code documents} or {@code entities.PER}
     */
    public void count(String counter) {
        add(counter, 1);
    }

    /**
     * Adds to a counter.
     *
     * @param counter counter name
     * @param n amount
     */
    public synchronized void add(String counter, long n) {
        counters.merge(counter, n, Long::sum);
    }

    /**
     * Reads a counter.
     *
     * @param counter counter name
     * @return its value, 0 when never counted
     */
    public synchronized long get(String counter) {
        return counters.getOrDefault(counter, 0L);
    }

    /**
     * A snapshot of all counters.
     *
     * @return counters sorted by name
     */
    public synchronized SortedMap<String, Long> counters() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(counters));
    }

    /**
     * Records an issue: logs it as a warning and counts {@code skipped.<kind>}.
     *
     * @param issue the issue
     */
    public void issue(ReadIssue issue) {
        LOG.warn("{}", issue.describe());
        synchronized (this) {
            issues.add(issue);
            counters.merge("skipped." + issue.kind(), 1L, Long::sum);
        }
    }

    /**
     * All issues in the order met.
     *
     * @return a snapshot of the issues
     */
    public synchronized List<ReadIssue> issues() {
        return List.copyOf(issues);
    }

    /**
     * Adds another report's counters and issues to this one.
     *
     * @param other the other report
     */
    public void merge(ReadReport other) {
        SortedMap<String, Long> c = other.counters();
        List<ReadIssue> i = other.issues();
        synchronized (this) {
            for (Map.Entry<String, Long> e : c.entrySet()) {
                counters.merge(e.getKey(), e.getValue(), Long::sum);
            }
            issues.addAll(i);
        }
    }

    /**
     * A human-readable table of the counters followed by the issues (at most 50 listed, the rest counted).
     *
     * @return the formatted report
     */
    public String format() {
        SortedMap<String, Long> c = counters();
        List<ReadIssue> i = issues();
        StringBuilder sb = new StringBuilder();
        int width = c.keySet().stream().mapToInt(String::length).max().orElse(10);
        for (Map.Entry<String, Long> e : c.entrySet()) {
            sb.append(String.format("  %-" + width + "s %,12d%n", e.getKey(), e.getValue()));
        }
        if (i.isEmpty()) {
            sb.append("  no issues\n");
        } else {
            sb.append(String.format("  %d issue(s):%n", i.size()));
            i.stream().limit(50).forEach(x -> sb.append("    ").append(x.describe()).append('\n'));
            if (i.size() > 50) {
                sb.append(String.format("    ... and %d more%n", i.size() - 50));
            }
        }
        return sb.toString();
    }
}
