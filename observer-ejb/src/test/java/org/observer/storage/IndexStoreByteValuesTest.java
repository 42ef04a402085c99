package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.FieldValue;
import org.observer.logs.JsonFields;

/**
 * The processor indexes most values straight from the bytes of a group's record (no String per
 * value, no copy per log); a store written so must hold exactly what the same logs give when
 * their values come as Strings.
 */
class IndexStoreByteValuesTest {

    @TempDir
    Path dir;

    @Test
    void valuesReadFromTheLogsBytesIndexAsTheirStrings() throws IOException {
        Random random = new Random(5);
        String[] words = {"Disk", "full", "on", "/var/log", "user=Bob", "took", "12ms", "the", "ERROR", "a", "é", "日本",
                "x".repeat(140), "AbC9".repeat(40), "connection", "closed", "10.0.0.1", "tab\\there", "q\\\"uote"};
        StringBuilder group = new StringBuilder();
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder message = new StringBuilder();
            for (int w = random.nextInt(12); w >= 0; w--) {
                message.append(words[random.nextInt(words.length)]).append(' ');
            }
            String log = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"message\":\"" + message + "\",\"host\":\"web-"
                    + random.nextInt(20) + "\",\"level\":\"" + (random.nextBoolean() ? "INFO" : "Warn") + "\",\"n\":"
                    + random.nextInt(1000) + ",\"ok\":" + random.nextBoolean() + ",\"tags\":[\"a b\",\"" + words[random.nextInt(words.length)] + "\"]}";
            int from = group.toString().getBytes(StandardCharsets.UTF_8).length;
            group.append(log);
            spans.add(new int[] {from, log.getBytes(StandardCharsets.UTF_8).length});
        }
        byte[] value = group.toString().getBytes(StandardCharsets.UTF_8);
        List<LogRecord> fromBytes = new ArrayList<>();
        List<LogRecord> fromStrings = new ArrayList<>();
        for (int line = 0; line < spans.size(); line++) {
            int from = spans.get(line)[0];
            int length = spans.get(line)[1];
            List<FieldValue> fields = JsonFields.indexed(value, from, from + length);
            fromBytes.add(new LogRecord(0, 10, line, 1000L + line, value, from, length, fields));
            List<FieldValue> strings = fields.stream().map(f -> new FieldValue(f.name(), f.value())).toList();
            fromStrings.add(new LogRecord(0, 10, line, 1000L + line, java.util.Arrays.copyOfRange(value, from, from + length), strings));
        }
        Path bytesDir = dir.resolve("bytes");
        Path stringsDir = dir.resolve("strings");
        try (IndexStore store = IndexStore.open(bytesDir, TestRecords.SMALL)) {
            store.append(fromBytes);
        }
        try (IndexStore store = IndexStore.open(stringsDir, TestRecords.SMALL)) {
            store.append(fromStrings);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(stringsDir)) {
            files = list.sorted().toList();
        }
        assertTrue(files.size() > 1, "sealed into a chunk: " + files);
        try (Stream<Path> list = Files.list(bytesDir)) {
            assertEquals(files.stream().map(Path::getFileName).toList(), list.sorted().map(Path::getFileName).toList());
        }
        for (Path file : files) {
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(bytesDir.resolve(file.getFileName())), file.toString());
        }
    }
}
