package org.observer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayerTest {

    @Test
    void randomizeReplacesIdsByCharactersOfTheSameKind() {
        String line = "blk_-1608999687919862906 from 10.250.19.102 pid 4321 id 7f3a9B2cE1 word accepted 0x1234";
        String out = Replayer.randomize(line, new Random(1));
        assertEquals(line.length(), out.length());
        for (int i = 0; i < line.length(); i++) {
            char a = line.charAt(i);
            char b = out.charAt(i);
            assertEquals(Character.isDigit(a), Character.isDigit(b), "kind at " + i);
            assertEquals(Character.isUpperCase(a), Character.isUpperCase(b), "case at " + i);
        }
        assertNotEquals(line.substring(5, 24), out.substring(5, 24)); // 19 digits
        assertNotEquals(line.substring(57, 67), out.substring(57, 67)); // hex id
        // Short numbers, IP parts, plain words and short hex stay.
        assertEquals(line.substring(24, 51), out.substring(24, 51));
        assertEquals(line.substring(67), out.substring(67));
    }

    @Test
    void volatileTokens() {
        assertTrue(Replayer.isVolatile("1608999687919862906"));
        assertTrue(Replayer.isVolatile("7f3a9b2ce1"));
        assertTrue(Replayer.isVolatile("x12345"));
        assertFalse(Replayer.isVolatile("deadbeefcafe")); // no digit: could be a word
        assertFalse(Replayer.isVolatile("1234"));
        assertFalse(Replayer.isVolatile("accepted"));
    }

    @Test
    void firstCopyIsVerbatimLaterCopiesVaryAndBatchesStayInOneDay(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.log"), "job 123456 started\njob done\n");
        Files.writeString(dir.resolve("b.log"), "req deadbeef01 ok\n");
        Corpus corpus = Corpus.load(dir);
        assertEquals(List.of("job 123456 started", "req deadbeef01 ok", "job done"),
                corpus.interleaved.stream().map(Corpus.Line::text).toList());

        List<Doc> all = new ArrayList<>();
        Replayer replayer = new Replayer(corpus, 700, 7);
        List<Doc> batch = new ArrayList<>();
        while (replayer.next(batch, 50)) {
            int day = Replayer.dayOf(batch.get(0).timestamp());
            batch.forEach(d -> assertEquals(day, Replayer.dayOf(d.timestamp())));
            all.addAll(batch);
        }
        assertEquals(700, all.size());
        assertEquals("job 123456 started", all.get(0).message());
        assertEquals("a-2025-07-01", all.get(0).index());
        assertNotEquals("job 123456 started", all.get(3).message());
        assertEquals("job done", all.get(5).message());
        assertEquals("a-2025-07-07", all.get(699).index()); // 699 % 3 == 0
        assertEquals("{\"@timestamp\":\"2025-07-01T00:00:00.000Z\",\"message\":\"job 123456 started\",\"source\":\"a\"}",
                new String(all.get(0).json()));

        // Same seed, same stream: each engine gets identical documents.
        Replayer again = new Replayer(corpus, 700, 7);
        List<Doc> second = new ArrayList<>();
        while (again.next(batch, 64)) {
            second.addAll(batch);
        }
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.get(i).message(), second.get(i).message());
            assertEquals(all.get(i).timestamp(), second.get(i).timestamp());
        }
    }
}
