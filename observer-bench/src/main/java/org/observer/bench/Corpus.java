package org.observer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every {@code *.log} file below a directory, one log line per line, held in memory (the loghub
 * sample is ~2.4 MB). Files are sorted by path so every run sees the same order.
 */
final class Corpus {

    /** One file: its name stem is the {@code source} of its lines. */
    record LogFile(Path path, String stem, byte[] raw, List<String> lines) {

        /** Index names must be lowercase; the stem keeps its case in the documents. */
        String indexName() {
            return stem.toLowerCase(Locale.ROOT);
        }
    }

    /** A line with the file it came from, in the interleaved replay order. */
    record Line(LogFile file, String text) {
    }

    final List<LogFile> files;
    /** Lines of all files taken round-robin, as a shipper merging several logs would send them. */
    final List<Line> interleaved;

    private Corpus(List<LogFile> files) {
        this.files = files;
        List<Line> lines = new ArrayList<>();
        int longest = files.stream().mapToInt(f -> f.lines.size()).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (LogFile file : files) {
                if (i < file.lines.size()) {
                    lines.add(new Line(file, file.lines.get(i)));
                }
            }
        }
        this.interleaved = List.copyOf(lines);
    }

    static Corpus load(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".log"))
                    .sorted().toList();
        }
        if (paths.isEmpty()) {
            throw new IOException("no *.log files below " + dir);
        }
        List<LogFile> files = new ArrayList<>();
        for (Path path : paths) {
            byte[] raw = Files.readAllBytes(path);
            // Decode leniently: a stray byte in a real log must not stop the run.
            String text = new String(raw, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\r?\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            String name = path.getFileName().toString();
            files.add(new LogFile(path, name.substring(0, name.length() - ".log".length()), raw, List.copyOf(lines)));
        }
        return new Corpus(List.copyOf(files));
    }

    int lineCount() {
        return interleaved.size();
    }

    long rawBytes() {
        return files.stream().mapToLong(f -> f.raw.length).sum();
    }
}
