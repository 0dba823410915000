package io.github.bertner.serve;

/** A tagging request was refused because the model's queue holds as many requests as it may. */
public final class QueueFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param language the model's language
     * @param capacity the queue's capacity
     */
    public QueueFullException(String language, int capacity) {
        super("the " + language + " model's queue is full (" + capacity + " requests waiting); retry later");
    }
}
