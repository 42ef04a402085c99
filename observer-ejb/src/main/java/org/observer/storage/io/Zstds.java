package org.observer.storage.io;

import java.nio.ByteBuffer;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;

/**
 * Decompression straight from a mapped file into a new array, with one zstd context per thread:
 * creating a context per call costs more than decompressing a small block.
 */
public final class Zstds {

    private static final ThreadLocal<ZstdDecompressCtx> PLAIN = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    private static final ThreadLocal<ZstdDecompressCtx> WITH_DICTIONARY = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    private Zstds() {
    }

    /**
     * The {@code rawLength} bytes that {@code source[position, position + length)} (a direct
     * buffer, such as a mapping) decompresses to, or null if they do not (corrupt data).
     */
    public static byte[] decompress(ByteBuffer source, int position, int length, int rawLength, ZstdDictDecompress dictionary) {
        return decompress(source, position, length, rawLength, dictionary, null);
    }

    /** The same into {@code into} when it is not null (at least {@code rawLength} long), returned. */
    public static byte[] decompress(ByteBuffer source, int position, int length, int rawLength, ZstdDictDecompress dictionary,
                             byte[] into) {
        byte[] raw = into != null ? into : new byte[rawLength];
        ZstdDecompressCtx context = dictionary == null ? PLAIN.get() : WITH_DICTIONARY.get().loadDict(dictionary);
        try {
            int n = source.isDirect()
                    ? context.decompressDirectByteBufferToByteArray(raw, 0, rawLength, source, position, length)
                    : context.decompressByteArray(raw, 0, rawLength, heapBytes(source, position, length), 0, length);
            return n == rawLength ? raw : null;
        } catch (ZstdException e) {
            return null;
        }
    }

    private static byte[] heapBytes(ByteBuffer source, int position, int length) {
        byte[] bytes = new byte[length];
        source.get(position, bytes, 0, length);
        return bytes;
    }
}
