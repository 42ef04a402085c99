package org.observer.storage.io;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import org.observer.storage.CorruptIndexException;

/**
 * Maps and unmaps files. Java 17 has no public unmap; waiting for GC keeps closed indexes' files
 * mapped (address space, undeletable files on some systems), so we use Unsafe.invokeCleaner when
 * present. Callers must guarantee nobody touches a buffer after unmapping it (IndexStore's lock).
 */
public final class MappedBuffers {

    private static final MethodHandle INVOKE_CLEANER = findCleaner();

    private MappedBuffers() {
    }

    public static MappedByteBuffer mapReadOnly(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new CorruptIndexException(file, "larger than 2 GB");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
    }

    public static void unmap(ByteBuffer buffer) {
        if (buffer == null || !buffer.isDirect() || INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(buffer);
        } catch (Throwable ignored) {
            // Falls back to unmapping at garbage collection.
        }
    }

    public static int crc32c(ByteBuffer buffer, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().limit(to).position(from));
        return (int) crc.getValue();
    }

    public static int crc32c(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return (int) crc.getValue();
    }

    private static MethodHandle findCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
