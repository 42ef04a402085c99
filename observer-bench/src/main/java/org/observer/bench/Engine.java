package org.observer.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * What the harness needs from an engine: write documents into named indexes under one directory,
 * then answer a {@link QuerySet.BenchQuery} with the exact hit count and the newest hits, fetched.
 */
interface Engine extends Closeable {

    String name();

    /** The directory holding one subdirectory per index. */
    Path root();

    /** Adds a document to {@code doc.index()}, opening that index for writing on first use. */
    void add(Doc doc) throws IOException;

    /** Seals/commits and closes every index being written (the end of a day, or of the run). */
    void finishWrites() throws IOException;

    /**
     * Runs {@code query} over {@code daysNewestFirst} (index names grouped by day, newest day first:
     * indexes of different days never overlap in time). Opens indexes it does not hold open.
     */
    Result search(QuerySet.BenchQuery query, List<List<String>> daysNewestFirst, int size) throws IOException;

    /** Closes every index held open for searching. */
    void closeReaders() throws IOException;

    /**
     * A query's answer, reduced to what both engines must agree on.
     *
     * @param total      exact number of matching documents
     * @param timestamps the returned hits' timestamps, newest first
     * @param sourceCrc  CRC32 of the returned hits' source JSON, in order (the fetch really happened
     *                   and gave back the same bytes)
     * @param histogram  for an aggregating query: matches per hour of its day, else null
     * @param sources    for an aggregating query: matches per source value (lowercased), else null
     */
    record Result(long total, long[] timestamps, long sourceCrc, long[] histogram, Map<String, Long> sources) {

        Result(long total, long[] timestamps, long sourceCrc) {
            this(total, timestamps, sourceCrc, null, null);
        }

        static long crc(List<byte[]> sources) {
            CRC32 crc = new CRC32();
            sources.forEach(crc::update);
            return crc.getValue();
        }
    }
}
