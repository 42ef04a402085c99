package org.observer.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.observer.analysis.FieldValue;

/**
 * One log line as both engines receive it: the JSON document plus the values its fields are
 * indexed from, so neither engine pays for JSON parsing the other skips.
 *
 * @param index     the index (directory) the line goes to
 * @param source    the corpus file's name stem, e.g. {@code HDFS_2k}
 * @param timestamp epoch millis
 * @param message   the log line
 * @param json      {@code {"@timestamp":…,"message":…,"source":…}} as UTF-8
 * @param messageAt where the message's text lies in {@code json} when it is ASCII that needed no
 *                  escapes (as the server's JSON reader finds most values), else -1
 * @param sourceAt  the same for the source
 */
record Doc(String index, String source, long timestamp, String message, byte[] json, int messageAt, int sourceAt) {

    static Doc of(String index, String source, long timestamp, String message) {
        StringBuilder sb = new StringBuilder(message.length() + source.length() + 64);
        sb.append("{\"@timestamp\":\"");
        Json.appendIsoMillis(sb, timestamp);
        sb.append("\",\"message\":");
        int messageAt = plainAt(sb, message);
        sb.append(",\"source\":");
        int sourceAt = plainAt(sb, source);
        sb.append('}');
        return new Doc(index, source, timestamp, message, sb.toString().getBytes(StandardCharsets.UTF_8),
                messageAt, messageAt < 0 ? -1 : sourceAt);
    }

    /** Appends {@code text} as a JSON string; where its text starts if it is ASCII written as it is, else -1. */
    private static int plainAt(StringBuilder sb, String text) {
        int at = sb.length() + 1;
        Json.appendString(sb, text);
        // the JSON before it is ASCII, so a char offset is a byte offset
        boolean plain = sb.length() - at - 1 == text.length() && text.chars().allMatch(c -> c < 0x80);
        return plain ? at : -1;
    }

    /** The fields indexed, as the server's JSON reader gives them: values in the JSON's bytes where they are there. */
    List<FieldValue> indexedFields() {
        FieldValue messageValue = messageAt >= 0 ? new FieldValue("message", json, messageAt, message.length(), messageAt, true)
                : new FieldValue("message", message);
        FieldValue sourceValue = sourceAt >= 0 ? new FieldValue("source", json, sourceAt, source.length(), sourceAt, true)
                : new FieldValue("source", source);
        return List.of(messageValue, sourceValue);
    }

    /**
     * The indexed fields read back from a document's JSON (the shape {@link #of} writes), for the
     * engine to verify phrases on stored records as the server does with its JSON flattening.
     */
    static List<FieldValue> fields(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        int message = text.indexOf(",\"message\":\"") + 12;
        int[] end = new int[1];
        String messageValue = readString(text, message, end);
        int source = text.indexOf(",\"source\":\"", end[0]) + 11;
        return List.of(new FieldValue("message", messageValue), new FieldValue("source", readString(text, source, end)));
    }

    /** The JSON string starting after the quote at {@code start}, unescaped; {@code end[0]} is set past its closing quote. */
    private static String readString(String text, int start, int[] end) {
        StringBuilder sb = new StringBuilder();
        int i = start;
        for (char c; (c = text.charAt(i)) != '"'; i++) {
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(e); // \" and \\
            }
        }
        end[0] = i + 1;
        return sb.toString();
    }
}
