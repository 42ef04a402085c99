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
import org.observer.analysis.StopWords;

/**
 * The fixed query set, derived from the corpus with a seeded {@link Random}: the same corpus and
 * seed give the same queries, so runs are comparable.
 *
 * <p>Classes: {@code needle} (ids that only the first, verbatim copy of the corpus holds, like a
 * user searching one request id), {@code rare} (words seen in at most 3 corpus lines),
 * {@code common} (words in 2–50% of corpus lines), {@code and} (two words of one line, each in at
 * least 0.2% of lines), {@code field} ({@code source:<stem>}), {@code phrase} (two adjacent words
 * of a line, quoted), {@code or} (a rare word OR a common one), {@code not} (a common word without
 * another), {@code prefix} (the first letters of a common word and {@code *}), {@code prefix_id}
 * (the first three characters of each needle starting with a digit, and {@code *}). Each also runs with
 * a 1-day range (class suffix {@code _1d}) on a seeded day, which limits it to that day's indexes.
 * {@code agg_1d} queries (all lines, or a common word, on one day) also count their matches per
 * hour (a date histogram) and per source value (a terms aggregation).
 */
final class QuerySet {

    static final int PER_CLASS = 10;

    /**
     * One query, in The Observer's syntax ({@link org.observer.query.QueryParser}); each engine
     * parses and plans it ({@link org.observer.query.QueryPlanner}) and runs the plan its own way.
     *
     * @param cls  class name, with {@code _1d} when ranged
     * @param text the query
     * @param day  0-based day of the 1-day range, or -1 for no range
     */
    record BenchQuery(String cls, String text, int day) {

        /** Hours in the histogram of an aggregating query (its day, hour by hour). */
        static final int HOURS = 24;

        /** An {@code agg} query also counts its matches per hour of its day and per source. */
        boolean aggregates() {
            return cls.startsWith("agg");
        }

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
        List<List<String>> lineSequences = new ArrayList<>();
        for (Corpus.Line line : corpus.interleaved) {
            List<String> sequence = Analyzer.STANDARD.tokens(line.text());
            Set<String> tokens = new HashSet<>(sequence);
            tokens.addAll(Analyzer.STANDARD.tokens(line.file().stem()));
            tokens.forEach(t -> df.merge(t, 1, Integer::sum));
            lineTokens.add(List.copyOf(new TreeSet<>(tokens)));
            lineSequences.add(sequence);
        }
        int lines = corpus.lineCount();
        // TreeMap: candidates in a fixed order before the seeded draw.
        TreeMap<String, Integer> sorted = new TreeMap<>(df);
        List<String> needles = new ArrayList<>();
        List<String> rareWords = new ArrayList<>();
        List<String> common = new ArrayList<>();
        sorted.forEach((token, count) -> {
            boolean hasLetter = token.chars().anyMatch(Character::isLetter);
            if (StopWords.contains(token)) {
                return; // matches nothing by design
            }
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
        List<String> drawnNeedles = draw(needles, PER_CLASS / 2, random);
        for (String t : drawnNeedles) {
            base.add(new BenchQuery("needle", t, -1));
        }
        for (String t : draw(rareWords, PER_CLASS - PER_CLASS / 2, random)) {
            base.add(new BenchQuery("rare", t, -1));
        }
        for (String t : draw(common, PER_CLASS, random)) {
            base.add(new BenchQuery("common", t, -1));
        }
        Set<String> pairs = new HashSet<>();
        for (int attempt = 0; pairs.size() < PER_CLASS && attempt < 100_000; attempt++) {
            List<String> tokens = lineTokens.get(random.nextInt(lineTokens.size())).stream()
                    .filter(t -> usable(t, df, lines))
                    .toList();
            if (tokens.size() < 2) {
                continue;
            }
            String a = tokens.get(random.nextInt(tokens.size()));
            String b = tokens.get(random.nextInt(tokens.size()));
            if (!a.equals(b) && pairs.add(a + " " + b)) {
                base.add(new BenchQuery("and", a + " " + b, -1));
            }
        }
        for (Corpus.LogFile file : draw(corpus.files, PER_CLASS, random)) {
            base.add(new BenchQuery("field", "source:" + file.stem(), -1));
        }
        Set<String> phrases = new HashSet<>();
        for (int attempt = 0; phrases.size() < PER_CLASS && attempt < 100_000; attempt++) {
            List<String> sequence = lineSequences.get(random.nextInt(lineSequences.size()));
            if (sequence.size() < 2) {
                continue;
            }
            int at = random.nextInt(sequence.size() - 1);
            String a = sequence.get(at);
            String b = sequence.get(at + 1);
            if (usable(a, df, lines) && usable(b, df, lines) && phrases.add(a + " " + b)) {
                base.add(new BenchQuery("phrase", "\"" + a + " " + b + "\"", -1));
            }
        }
        List<String> rareForOr = draw(rareWords, PER_CLASS, random);
        List<String> commonForOr = draw(common, PER_CLASS, random);
        for (int i = 0; i < Math.min(rareForOr.size(), commonForOr.size()); i++) {
            base.add(new BenchQuery("or", rareForOr.get(i) + " OR " + commonForOr.get(i), -1));
        }
        List<String> kept = draw(common, PER_CLASS, random);
        List<String> dropped = draw(common, PER_CLASS, random);
        for (int i = 0; i < Math.min(kept.size(), dropped.size()); i++) {
            if (!kept.get(i).equals(dropped.get(i))) {
                base.add(new BenchQuery("not", kept.get(i) + " -" + dropped.get(i), -1));
            }
        }
        Set<String> prefixes = new HashSet<>();
        for (String word : draw(common, PER_CLASS * 3, random)) {
            if (word.length() >= 5 && prefixes.size() < PER_CLASS && !Character.isDigit(word.charAt(0))
                    && prefixes.add(word.substring(0, 4))) {
                base.add(new BenchQuery("prefix", word.substring(0, 4) + "*", -1));
            }
        }

        // The first digits of the needles: ids by prefix, whose rarest terms a chunk may keep out of its dictionary.
        for (String needle : drawnNeedles) {
            if (Character.isDigit(needle.charAt(0))) {
                base.add(new BenchQuery("prefix_id", needle.substring(0, 3) + "*", -1));
            }
        }

        List<BenchQuery> all = new ArrayList<>(base);
        for (BenchQuery q : base) {
            all.add(new BenchQuery(q.cls() + "_1d", q.text(), random.nextInt(Replayer.DAYS)));
        }
        // Aggregations over one day's indexes: everything, and a common word.
        for (int i = 0; i < PER_CLASS / 2; i++) {
            all.add(new BenchQuery("agg_1d", "", random.nextInt(Replayer.DAYS)));
        }
        for (String word : draw(common, PER_CLASS / 2, random)) {
            all.add(new BenchQuery("agg_1d", word, random.nextInt(Replayer.DAYS)));
        }
        return List.copyOf(all);
    }

    /** A word two-word queries are built from: stable across replays, not a stop word, not too rare. */
    private static boolean usable(String token, Map<String, Integer> df, int lines) {
        return !Replayer.isVolatile(token) && !StopWords.contains(token) && df.get(token) >= lines * 0.002
                && token.chars().anyMatch(Character::isLetter);
    }

    /** Up to {@code n} distinct items in a seeded order (all of them when there are fewer). */
    private static <T> List<T> draw(List<T> items, int n, Random random) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(n, copy.size()));
    }
}
