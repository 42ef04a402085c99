package org.observer.storage.search;

import java.io.IOException;
import java.util.List;
import java.util.function.IntToLongFunction;

import org.observer.storage.LogSequence;
import org.observer.storage.StoredHit;

/** A matching document picked for the hit list; its record is fetched only if it makes the top. */
public final class Candidate {

    /**
     * A sealed chunk as the hit list sees it (the chunk reader; an interface so this package needs
     * nothing from the chunk package): where a candidate sits, to fetch in storage order, and the fetch.
     */
    public interface Chunk {

        int number();

        /** The data block holding document {@code ordinal}. */
        int blockOf(int ordinal);

        /** Fills the candidate's coordinates and source; {@code lone}: no other hit shares its block. */
        void fetch(Candidate candidate, boolean lone) throws IOException;
    }

    public final long timestamp;
    /** The sealed chunk holding it, or null for the active segment. */
    public final Chunk chunk;
    public final int ordinal;

    public int partition;
    /** Its {@link org.observer.storage.LogSequence}: offset and line. */
    public long sequence;
    public byte[] source;

    public Candidate(long timestamp, Chunk chunk, int ordinal) {
        this.timestamp = timestamp;
        this.chunk = chunk;
        this.ordinal = ordinal;
    }

    public StoredHit toHit() {
        return new StoredHit(partition, LogSequence.offset(sequence), LogSequence.line(sequence), timestamp, source);
    }

    /**
     * Adds the {@code wanted} highest set bits of {@code bits} to {@code out}, highest first: where
     * ordinal order is hit order, the newest matches.
     */
    public static void addHighest(long[] bits, int wanted, IntToLongFunction timestampOf, Chunk chunk,
                                  List<Candidate> out) {
        for (int w = bits.length - 1; w >= 0 && wanted > 0; w--) {
            long word = bits[w];
            while (word != 0 && wanted > 0) {
                int bit = 63 - Long.numberOfLeadingZeros(word);
                word &= ~(1L << bit);
                int ordinal = (w << 6) + bit;
                out.add(new Candidate(timestampOf.applyAsLong(ordinal), chunk, ordinal));
                wanted--;
            }
        }
    }
}
