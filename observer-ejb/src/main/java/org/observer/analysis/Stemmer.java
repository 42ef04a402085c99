package org.observer.analysis;

import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * English stemming (Snowball "english", also called Porter2) of lowercase tokens made only of the
 * letters a-z; anything else (numbers, ids, non-English words) is kept as it is. Thread-safe: each
 * thread has its own Snowball program, which is stateful.
 */
public final class Stemmer {

    private static final ThreadLocal<EnglishStemmer> STEMMERS = ThreadLocal.withInitial(EnglishStemmer::new);

    private Stemmer() {
    }

    public static String stem(String token) {
        if (!isStemmable(token)) {
            return token;
        }
        EnglishStemmer stemmer = STEMMERS.get();
        stemmer.setCurrent(token);
        stemmer.stem();
        String stem = stemmer.getCurrent();
        return stem.equals(token) ? token : stem;
    }

    /** Only a-z words are stemmed, and words under 3 letters are left alone by Snowball anyway. */
    public static boolean isStemmable(String token) {
        if (token.length() < 3) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }
}
