package io.github.bertner.eval;

/**
 * Where the evaluated data came from, written into every report.
 *
 * @param goldSource gold standard (file, directory or view name)
 * @param system the system's predictions (file, directory, model name)
 * @param date when the evaluation ran, ISO-8601
 */
public record Provenance(String goldSource, String system, String date) {
}
