package org.observer.analysis;

import java.util.Set;

/**
 * English words too common to be worth indexing in text fields. Lucene's English set without
 * "no" and "not", which carry meaning in log lines ("not found", "no route to host").
 */
public final class StopWords {

    public static final Set<String> WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
            "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
            "to", "was", "will", "with");

    private StopWords() {
    }

    public static boolean contains(String term) {
        return WORDS.contains(term);
    }
}
