package org.observer.storage.io;

import java.nio.ByteBuffer;

import com.github.luben.zstd.Zstd;
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

    /**
     * The size the zstd frame at {@code source[position, position + length)} says it holds, or -1
     * when its header says none or is not a frame's: read before a block's array is made, so a
     * damaged length in the metadata is found before it is allocated.
     */
    public static long frameContentSize(ByteBuffer source, int position, int length) {
        long size = source.isDirect()
                ? Zstd.getDirectByteBufferFrameContentSize(source, position, length, false)
                : Zstd.getFrameContentSize(heapBytes(source, position, Math.min(length, FRAME_HEADER_MAX)), 0,
                        Math.min(length, FRAME_HEADER_MAX), false);
        return size >= 0 ? size : -1;
    }

    /** The longest frame header zstd writes (ZSTD_FRAMEHEADERSIZE_MAX). */
    private static final int FRAME_HEADER_MAX = 18;

    private static byte[] heapBytes(ByteBuffer source, int position, int length) {
        byte[] bytes = new byte[length];
        source.get(position, bytes, 0, length);
        return bytes;
    }
}
