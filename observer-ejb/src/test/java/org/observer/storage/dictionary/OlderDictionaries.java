package org.observer.storage.dictionary;

import java.nio.ByteBuffer;
import java.util.Arrays;

import com.github.luben.zstd.Zstd;

import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.VarInts;

/**
 * Rewrites a dictionary of the current version into the layout of version 7, the last before
 * blocks were in sections: each entry whole (shared prefix length, suffix, postings with every
 * list's first ordinal absolute), one after the other, blocks recompressed and the table's
 * positions moved accordingly. For dictionaries
 * without filters or prefixes, as tests of reading older chunks write them.
 */
final class OlderDictionaries {

    private OlderDictionaries() {
    }

    static byte[] asVersion7(byte[] current, int documents) {
        ByteBuffer in = ByteBuffer.wrap(current);
        if (in.getInt(4) != StorageFormat.CHUNK_VERSION) {
            throw new IllegalArgumentException("not a current dictionary");
        }
        int at = StorageFormat.HEADER_BYTES;
        int fieldCount = in.getInt(at);
        at += 4;
        for (int f = 0; f < fieldCount; f++) {
            long read = VarInts.read(current, at);
            at = VarInts.next(read) + VarInts.value(read);
        }
        int blocks = in.getInt(at + 4);
        if (in.getInt(at + 8) != 0 || in.getInt(at + 12) != 0) {
            throw new IllegalArgumentException("filters and prefixes are not rewritten");
        }
        int table = at + 16;
        int blocksStart = blocks == 0 ? current.length : in.getInt(table + 4);
        ByteSink out = new ByteSink(current.length * 2);
        out.writeBytes(current, 0, blocksStart);
        ByteBuffer written = ByteBuffer.wrap(out.array());
        written.putInt(4, 7);
        int position = blocksStart;
        byte[][] rewritten = new byte[blocks][];
        for (int b = 0; b < blocks; b++) {
            int entry = table + 16 * b;
            int from = in.getInt(entry + 4);
            byte[] raw = Zstd.decompress(Arrays.copyOfRange(current, from, from + in.getInt(entry + 8)), in.getInt(entry + 12));
            byte[] interleaved = interleave(raw, documents);
            rewritten[b] = Zstd.compress(interleaved, 3);
            written.putInt(entry + 4, position);
            written.putInt(entry + 8, rewritten[b].length);
            written.putInt(entry + 12, interleaved.length);
            position += rewritten[b].length;
        }
        for (byte[] block : rewritten) {
            out.writeBytes(block, 0, block.length);
        }
        return Arrays.copyOf(out.array(), out.size());
    }

    /** A sectioned block's entries, each whole again. */
    private static byte[] interleave(byte[] raw, int documents) {
        Cursor header = new Cursor(raw, 0);
        int lengthsSize = header.vint();
        int suffixesSize = header.vint();
        Cursor lengths = new Cursor(raw, header.at);
        int suffixAt = header.at + lengthsSize;
        Cursor postings = new Cursor(raw, suffixAt + suffixesSize);
        ByteSink out = new ByteSink(raw.length * 2 + 16);
        int previousFirst = 0;
        while (postings.at < raw.length) {
            out.writeVInt(lengths.vint());
            int suffix = lengths.vint();
            out.writeVInt(suffix);
            out.writeBytes(raw, suffixAt, suffix);
            suffixAt += suffix;
            for (boolean more = true; more; ) {
                int start = postings.at;
                int field = postings.vint();
                more = (field & 1) != 0;
                int shapes = postings.vint();
                for (int s = 0; s < shapes; s++) {
                    postings.vint();
                }
                int docFreq = postings.vint();
                out.writeBytes(raw, start, postings.at - start);
                if (docFreq < documents && docFreq > 0) { // the first ordinal absolute again
                    int stored = postings.vint();
                    previousFirst += stored >>> 1 ^ -(stored & 1);
                    out.writeVInt(previousFirst);
                }
                start = postings.at;
                for (int d = 1; docFreq < documents && d < docFreq; d++) {
                    postings.vint();
                }
                for (int covered = 0; (field & 2) != 0 && covered < docFreq; ) {
                    postings.at++;
                    covered += postings.vint();
                }
                out.writeBytes(raw, start, postings.at - start);
            }
        }
        return Arrays.copyOf(out.array(), out.size());
    }

    private static final class Cursor {
        final byte[] bytes;
        int at;

        Cursor(byte[] bytes, int at) {
            this.bytes = bytes;
            this.at = at;
        }

        int vint() {
            long read = VarInts.read(bytes, at);
            at = VarInts.next(read);
            return VarInts.value(read);
        }
    }
}
