/**
 * Evaluation of word-level NER tag sequences, in plain Java (no UIMA): conlleval-compatible strict entity
 * scores, relaxed token scores, SemEval-2013 task 9.1 schemes, token and entity confusion matrices,
 * bootstrap confidence intervals and paired tests, error listings and reports (console, JSON, CSV, HTML).
 *
 * <p>Entry point: {@link io.github.bertner.eval.Evaluator}. Conventions used throughout:
 * <ul>
 *   <li>Confusion matrices have gold labels as rows and predicted labels as columns.</li>
 *   <li>A metric whose denominator is zero is {@link Double#NaN} (logged as a warning), never 0 or -1;
 *       JSON writes NaN as {@code null}.</li>
 *   <li>F1 is computed from counts, {@code 2·TP / (predicted + gold)}, so it is defined (possibly 0)
 *       whenever there is at least one gold or one predicted item, even if precision or recall is not.</li>
 * </ul>
 */
package io.github.bertner.eval;
