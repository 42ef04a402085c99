package org.observer.bench;

import java.nio.charset.StandardCharsets;

/**
 * One log line as both engines receive it: the JSON document plus the values its fields are
 * indexed from, so neither engine pays for JSON parsing the other skips.
 *
 * @param index     the index (directory) the line goes to
 * @param source    the corpus file's name stem, e.g. {@code HDFS_2k}
 * @param timestamp epoch millis
 * @param message   the log line
 * @param json      {@code {"@timestamp":…,"message":…,"source":…}} as UTF-8
 */
record Doc(String index, String source, long timestamp, String message, byte[] json) {

    static Doc of(String index, String source, long timestamp, String message) {
        StringBuilder sb = new StringBuilder(message.length() + source.length() + 64);
        sb.append("{\"@timestamp\":\"");
        Json.appendIsoMillis(sb, timestamp);
        sb.append("\",\"message\":");
        Json.appendString(sb, message);
        sb.append(",\"source\":");
        Json.appendString(sb, source);
        sb.append('}');
        return new Doc(index, source, timestamp, message, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
