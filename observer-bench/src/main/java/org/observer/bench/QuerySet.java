package org.observer.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.observer.analysis.Analyzer;

/**
 * The fixed query set, derived from the corpus with a seeded {@link Random}: the same corpus and
 * seed give the same queries, so runs are comparable.
 *
 * <p>Classes: {@code rare} (half needles – ids that only the first, verbatim copy of the corpus
 * holds, like a user searching one request id – and half words seen in at most 3 corpus lines),
 * {@code common} (words in 2–50% of corpus lines), {@code and} (two words of one line, each in at
 * least 0.2% of lines), {@code field} ({@code source:<stem>}). Each also runs with a 1-day range
 * (class suffix {@code _1d}) on a seeded day, which limits it to that day's indexes.
 */
final class QuerySet {

    static final int PER_CLASS = 10;

    /**
     * One query in both engines' terms.
     *
     * @param cls       class name, with {@code _1d} when ranged
     * @param text      The Observer's query syntax ({@link org.observer.query.QueryParser})
     * @param terms     analyzed tokens that must each occur in any field (rare/common/and)
     * @param source    for {@code field}: the source value ({@code source:<value>}), else null
     * @param day       0-based day of the 1-day range, or -1 for no range
     */
    record BenchQuery(String cls, String text, List<String> terms, String source, int day) {

        long from() {
            return day < 0 ? Long.MIN_VALUE : Replayer.dayStart(day);
        }

        long to() {
            return day < 0 ? Long.MAX_VALUE : Replayer.dayStart(day + 1);
        }

        @Override
        public String toString() {
            return cls + " [" + text + "]" + (day < 0 ? "" : " day " + day);
        }
    }

    private QuerySet() {
    }

    static List<BenchQuery> derive(Corpus corpus, long seed) {
        Random random = new Random(seed);
        // Document frequency of every any-field token (message and source), as the engines index them.
        Map<String, Integer> df = new HashMap<>();
        List<List<String>> lineTokens = new ArrayList<>();
        for (Corpus.Line line : corpus.interleaved) {
            Set<String> tokens = new HashSet<>(Analyzer.STANDARD.tokens(line.text()));
            tokens.addAll(Analyzer.STANDARD.tokens(line.file().stem()));
            tokens.forEach(t -> df.merge(t, 1, Integer::sum));
            lineTokens.add(List.copyOf(new TreeSet<>(tokens)));
        }
        int lines = corpus.lineCount();
        // TreeMap: candidates in a fixed order before the seeded draw.
        TreeMap<String, Integer> sorted = new TreeMap<>(df);
        List<String> needles = new ArrayList<>();
        List<String> rareWords = new ArrayList<>();
        List<String> common = new ArrayList<>();
        sorted.forEach((token, count) -> {
            boolean hasLetter = token.chars().anyMatch(Character::isLetter);
            if (Replayer.isVolatile(token)) {
                if (count == 1 && token.length() >= 6) {
                    needles.add(token);
                }
            } else if (count <= 3 && token.length() >= 4 && hasLetter) {
                rareWords.add(token);
            } else if (count >= lines * 0.02 && count <= lines * 0.5 && hasLetter) {
                common.add(token);
            }
        });

        List<BenchQuery> base = new ArrayList<>();
        for (String t : draw(needles, PER_CLASS / 2, random)) {
            base.add(term("rare", t));
        }
        for (String t : draw(rareWords, PER_CLASS - PER_CLASS / 2, random)) {
            base.add(term("rare", t));
        }
        for (String t : draw(common, PER_CLASS, random)) {
            base.add(term("common", t));
        }
        Set<String> pairs = new HashSet<>();
        for (int attempt = 0; pairs.size() < PER_CLASS && attempt < 100_000; attempt++) {
            List<String> tokens = lineTokens.get(random.nextInt(lineTokens.size())).stream()
                    .filter(t -> !Replayer.isVolatile(t) && df.get(t) >= lines * 0.002 && t.chars().anyMatch(Character::isLetter))
                    .toList();
            if (tokens.size() < 2) {
                continue;
            }
            String a = tokens.get(random.nextInt(tokens.size()));
            String b = tokens.get(random.nextInt(tokens.size()));
            if (!a.equals(b) && pairs.add(a + " " + b)) {
                base.add(new BenchQuery("and", a + " " + b, List.of(a, b), null, -1));
            }
        }
        for (Corpus.LogFile file : draw(corpus.files, PER_CLASS, random)) {
            base.add(new BenchQuery("field", "source:" + file.stem(), List.of(), file.stem(), -1));
        }

        List<BenchQuery> all = new ArrayList<>(base);
        for (BenchQuery q : base) {
            all.add(new BenchQuery(q.cls() + "_1d", q.text(), q.terms(), q.source(), random.nextInt(Replayer.DAYS)));
        }
        return List.copyOf(all);
    }

    private static BenchQuery term(String cls, String token) {
        return new BenchQuery(cls, token, List.of(token), null, -1);
    }

    /** Up to {@code n} distinct items in a seeded order (all of them when there are fewer). */
    private static <T> List<T> draw(List<T> items, int n, Random random) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(n, copy.size()));
    }
}
