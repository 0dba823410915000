package io.github.bertner.serve;

import java.util.Collection;

/** A request named a language no model is loaded for. */
public final class UnknownLanguageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param language the requested language
     * @param loaded   the languages with a model
     */
    public UnknownLanguageException(String language, Collection<String> loaded) {
        super("unknown language '" + language + "': expected one of " + loaded);
    }
}
