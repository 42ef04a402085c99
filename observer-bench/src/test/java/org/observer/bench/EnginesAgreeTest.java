package org.observer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.Analyzer;

/** The comparison is only worth something if both engines see the same terms and find the same documents. */
class EnginesAgreeTest {

    private static final String[] LINES = {
        "2017-12-23 22:15:29 INFO dfs.DataNode: Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106",
        "Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186",
        "ÄRGER Straße Ωmega naïve café ÉCOLE İstanbul 東京タワー x" + "a".repeat(300) + " tail",
        "mixed-Case_Tokens and__underscores 0xDEADbeef42 deadbeef CamelCase word",
        "The connections were refused by the servers; failing to connect is not an option for running jobs",
        "[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6",
    };

    @Test
    void luceneAnalyzerGivesOurTerms() throws IOException {
        List<String> samples = new ArrayList<>(List.of(LINES));
        Corpus.load(Path.of("..", "samples", "loghub")).interleaved.forEach(line -> samples.add(line.text()));
        try (LuceneEngine.LogAnalyzer lucene = new LuceneEngine.LogAnalyzer()) {
            for (String text : samples) {
                List<String> ours = new ArrayList<>(Analyzer.STANDARD.terms(text));
                ours.removeIf(java.util.Objects::isNull); // stop words: Lucene leaves a position gap
                assertEquals(ours, luceneTokens(lucene, text), text);
            }
        }
    }

    private static List<String> luceneTokens(org.apache.lucene.analysis.Analyzer analyzer, String text) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("message", new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        }
        return tokens;
    }

    @Test
    void sameHitsOnEveryQuery(@TempDir Path dir) throws IOException {
        Path corpusDir = Files.createDirectories(dir.resolve("corpus"));
        for (int f = 0; f < 3; f++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                sb.append(LINES[(i + f) % LINES.length]).append(" n").append(i % 17).append('\n');
            }
            Files.writeString(corpusDir.resolve("Src_" + f + ".log"), sb);
        }
        Corpus corpus = Corpus.load(corpusDir);
        List<QuerySet.BenchQuery> queries = QuerySet.derive(corpus, 3);
        assertTrue(queries.size() >= 20, "queries: " + queries);

        List<List<Engine.Result>> results = new ArrayList<>();
        for (Engine engine : List.of(new ObserverEngine(dir.resolve("observer")), new LuceneEngine(dir.resolve("lucene")))) {
            try (engine) {
                TreeMap<Integer, TreeSet<String>> byDay = new TreeMap<>();
                Replayer replayer = new Replayer(corpus, 5000, 3);
                List<Doc> batch = new ArrayList<>();
                int day = -1;
                while (replayer.next(batch, 500)) {
                    int batchDay = Replayer.dayOf(batch.get(0).timestamp());
                    if (batchDay != day) {
                        engine.finishWrites();
                        day = batchDay;
                    }
                    for (Doc doc : batch) {
                        engine.add(doc);
                        byDay.computeIfAbsent(day, d -> new TreeSet<>()).add(doc.index());
                    }
                }
                engine.finishWrites();
                List<List<String>> all = new ArrayList<>();
                byDay.descendingMap().values().forEach(d -> all.add(List.copyOf(d)));
                List<Engine.Result> out = new ArrayList<>();
                for (QuerySet.BenchQuery q : queries) {
                    out.add(engine.search(q, q.day() < 0 ? all : List.of(List.copyOf(byDay.get(q.day()))), 100));
                }
                results.add(out);
            }
        }
        long matched = 0;
        long aggregated = 0;
        for (int i = 0; i < queries.size(); i++) {
            Engine.Result observer = results.get(0).get(i);
            Engine.Result lucene = results.get(1).get(i);
            assertEquals(lucene.total(), observer.total(), queries.get(i).toString());
            assertArrayEquals(lucene.timestamps(), observer.timestamps(), queries.get(i).toString());
            assertEquals(lucene.sourceCrc(), observer.sourceCrc(), queries.get(i).toString());
            assertArrayEquals(lucene.histogram(), observer.histogram(), queries.get(i).toString());
            assertEquals(lucene.sources(), observer.sources(), queries.get(i).toString());
            if (queries.get(i).aggregates()) {
                aggregated += java.util.Arrays.stream(observer.histogram()).sum();
            }
            matched += observer.total();
        }
        assertTrue(matched > 0);
        assertTrue(aggregated > 0, "the aggregating queries counted something");
    }
}
