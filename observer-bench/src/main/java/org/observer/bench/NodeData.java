package org.observer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -cp observer-bench.jar org.observer.bench.NodeData --corpus DIR --lines N --data DIR}
 * writes the replay's time-sharded indexes ({@code <source>-YYYY-MM-DD}, 7 days) straight into a
 * node's data directory, sealed, as a node that had ingested them would hold them: a node started
 * on it holds N lines without N lines going through Kafka first (restart-time measurements).
 * The stand-in Kafka positions are partition 0, offsets 0..N-1; write nothing to these index
 * names through the node afterwards.
 */
public final class NodeData {

    private NodeData() {
    }

    public static void main(String[] args) throws IOException {
        Path corpusDir = null;
        Path data = null;
        long lines = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--corpus" -> corpusDir = Path.of(args[i + 1]);
                case "--data" -> data = Path.of(args[i + 1]);
                case "--lines" -> lines = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (corpusDir == null || data == null || lines <= 0) {
            System.err.println("usage: java -cp observer-bench.jar org.observer.bench.NodeData --corpus DIR --lines N --data DIR");
            System.exit(2);
        }
        long start = System.nanoTime();
        Corpus corpus = Corpus.load(corpusDir);
        Path indexes = Files.createDirectories(data.resolve("indexes"));
        Replayer replayer = new Replayer(corpus, lines, 42);
        List<Doc> batch = new ArrayList<>(4096);
        try (ObserverEngine engine = new ObserverEngine(indexes)) {
            int day = -1;
            while (replayer.next(batch, 4096)) {
                int batchDay = Replayer.dayOf(batch.get(0).timestamp()); // a batch never spans two days
                if (day >= 0 && batchDay != day) {
                    engine.finishWrites(); // seals the finished day's indexes
                }
                day = batchDay;
                for (Doc doc : batch) {
                    engine.add(doc);
                }
                batch.clear();
            }
            engine.finishWrites();
        }
        System.out.printf(Locale.ROOT, "wrote %d lines into %s in %.1f s%n", lines, indexes, (System.nanoTime() - start) / 1e9);
    }
}
