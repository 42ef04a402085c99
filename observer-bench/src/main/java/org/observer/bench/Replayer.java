package org.observer.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * The replay stream: the corpus (interleaved) repeated until {@code lines} documents, timestamps
 * spread evenly over {@link #DAYS} days, each line routed to {@code <source>-YYYY-MM-DD}.
 *
 * <p>Replaying verbatim would let both engines' term dictionaries stop growing after one copy,
 * which no real log does; so from the second copy on, every run of 5+ digits and every hex id of
 * 8+ characters is replaced by random characters of the same kind and length (seeded: two
 * replayers with the same arguments produce the same stream, one per engine).
 */
final class Replayer {

    static final int DAYS = 7;
    static final long DAY_MILLIS = 86_400_000L;
    static final long START = Instant.parse("2025-07-01T00:00:00Z").toEpochMilli();

    private final Corpus corpus;
    private final long lines;
    private final Random random;
    private final String[] daySuffixes = new String[DAYS];
    private long next;

    Replayer(Corpus corpus, long lines, long seed) {
        this.corpus = corpus;
        this.lines = lines;
        this.random = new Random(seed);
        for (int d = 0; d < DAYS; d++) {
            daySuffixes[d] = daySuffix(d);
        }
    }

    static long dayStart(int day) {
        return START + day * DAY_MILLIS;
    }

    /** The index of {@code file}'s lines on {@code day} (0-based). */
    static String indexName(Corpus.LogFile file, int day) {
        return file.indexName() + daySuffix(day);
    }

    private static String daySuffix(int day) {
        return "-" + LocalDate.ofInstant(Instant.ofEpochMilli(dayStart(day)), ZoneOffset.UTC);
    }

    /**
     * Replaces {@code out}'s content with up to {@code max} next documents, all of one day (so the
     * caller can close a day's indexes between batches); false once the stream is done.
     */
    boolean next(List<Doc> out, int max) {
        out.clear();
        int corpusLines = corpus.lineCount();
        int batchDay = -1;
        while (out.size() < max && next < lines) {
            long i = next;
            long timestamp = START + i * (DAYS * DAY_MILLIS) / lines;
            int day = dayOf(timestamp);
            if (batchDay >= 0 && day != batchDay) {
                break;
            }
            batchDay = day;
            next++;
            Corpus.Line line = corpus.interleaved.get((int) (i % corpusLines));
            String text = i < corpusLines ? line.text() : randomize(line.text(), random);
            out.add(Doc.of(line.file().indexName() + daySuffixes[day], line.file().stem(), timestamp, text));
        }
        return !out.isEmpty();
    }

    static int dayOf(long timestamp) {
        return (int) ((timestamp - START) / DAY_MILLIS);
    }

    /** {@code line} with its volatile runs (see class comment) replaced, each character by one of its kind. */
    static String randomize(String line, Random random) {
        char[] chars = line.toCharArray();
        int n = chars.length;
        // Hex ids: a run of 8+ hex characters with a digit in it (so words like "deadbeef"/"accede" stay).
        for (int i = 0; i < n; ) {
            int end = i;
            boolean digit = false;
            while (end < n && isHex(chars[end])) {
                digit |= isDigit(chars[end]);
                end++;
            }
            if (end == i) {
                i++;
                continue;
            }
            if (end - i >= 8 && digit) {
                scramble(chars, i, end, random);
            }
            i = end;
        }
        // Numbers: a run of 5+ digits, wherever it is (blk_123456, 20171223, pid 24235).
        for (int i = 0; i < n; ) {
            int end = i;
            while (end < n && isDigit(chars[end])) {
                end++;
            }
            if (end == i) {
                i++;
                continue;
            }
            if (end - i >= 5) {
                scramble(chars, i, end, random);
            }
            i = end;
        }
        return new String(chars);
    }

    /** True when replaying changes {@code token} (it holds a run {@link #randomize} replaces). */
    static boolean isVolatile(String token) {
        int digits = 0;
        int hex = 0;
        boolean hexDigit = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            digits = isDigit(c) ? digits + 1 : 0;
            if (isHex(c)) {
                hex++;
                hexDigit |= isDigit(c);
            } else {
                hex = 0;
                hexDigit = false;
            }
            if (digits >= 5 || (hex >= 8 && hexDigit)) {
                return true;
            }
        }
        return false;
    }

    private static void scramble(char[] chars, int from, int to, Random random) {
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (isDigit(c)) {
                chars[i] = (char) ('0' + random.nextInt(10));
            } else if (c >= 'a' && c <= 'f') {
                chars[i] = (char) ('a' + random.nextInt(6));
            } else {
                chars[i] = (char) ('A' + random.nextInt(6));
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
