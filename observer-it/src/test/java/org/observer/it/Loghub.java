package org.observer.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Real log lines from the shared loghub sample, turned into JSON logs. */
final class Loghub {

    private Loghub() {
    }

    static List<String> lines(String system, int count) throws IOException {
        Path file = Path.of(System.getProperty("observer.loghub"), system, system + "_2k.log");
        List<String> lines = Files.readAllLines(file);
        return new ArrayList<>(lines.subList(0, Math.min(count, lines.size())));
    }

    /** {"message": line, "source": system} per line, as NDJSON. */
    static String ndjson(String system, List<String> lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append("{\"message\":").append(quote(line)).append(",\"source\":\"")
                    .append(system.toLowerCase(Locale.ROOT)).append("\"}\n");
        }
        return out.toString();
    }

    /** How many lines hold {@code word} as a whole token (split on anything not a letter or digit). */
    static long countWithToken(List<String> lines, String word) {
        return lines.stream().filter(line -> {
            for (String token : line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}]+")) {
                if (token.equals(word)) {
                    return true;
                }
            }
            return false;
        }).count();
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
