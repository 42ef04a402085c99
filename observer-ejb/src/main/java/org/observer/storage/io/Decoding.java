package org.observer.storage.io;

import java.nio.BufferUnderflowException;
import java.nio.file.Path;

import com.github.luben.zstd.ZstdException;

import org.observer.storage.CorruptIndexException;

/**
 * Tells damage from bugs when checksummed bytes fail to decode. A decoder reading a damaged count,
 * length or position fails in a few known ways (out of bounds, underflow, a negative array size,
 * its own IllegalStateException checks, zstd refusing a frame); those mean the file is corrupt and
 * the index is rebuilt from Kafka. Anything else (a null, a bad cast, an illegal argument) is a
 * bug in the code and must surface as one: rebuilding would hide it and loop.
 */
public final class Decoding {

    private Decoding() {
    }

    /** True if {@code e} is how a decoder fails on malformed bytes. */
    public static boolean isMalformedBytes(RuntimeException e) {
        return e instanceof IndexOutOfBoundsException || e instanceof BufferUnderflowException
                || e instanceof NegativeArraySizeException || e instanceof IllegalStateException
                || e instanceof ZstdException;
    }

    /**
     * The corruption {@code e} shows in {@code file}, to throw; a bug ({@code e} not one of
     * {@link #isMalformedBytes}) is rethrown as it is.
     */
    public static CorruptIndexException corrupt(Path file, String problem, RuntimeException e) {
        if (!isMalformedBytes(e)) {
            throw e;
        }
        return new CorruptIndexException(file, problem, e);
    }
}
