package org.observer.launcher;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * The directory Payara Micro runs in ({@code --rootDir}): the runtime jars it unpacks (~100 MB), its
 * domain configuration and the deployed application, exploded (~270 MB in all with ours).
 *
 * <p>Why a directory of our own: without {@code --rootDir} Payara Micro unpacks into a new
 * {@code /tmp/payaramicro-rt*tmp} at every start and deletes it only when its JVM exits normally, so
 * every node killed with {@code kill -9} (as the fault and cluster tests do) left ~272 MB behind;
 * one test run left 3.8 GB. A fixed directory per node is reused by the next start instead, and
 * deleted when the node is stopped.
 *
 * <p>Why it is cleared at every start: Payara keeps the applications it deployed in the root
 * directory's domain configuration and deploys them again at the next start. Seen on 6.2025.10: a
 * node restarted on the root directory of a killed one first booted the previous WAR (its startup
 * beans ran against the data directory) and served the new one only ~15 s later.
 *
 * <p>A marker file says a directory is one of ours, so that a mistaken path (a data directory, a
 * home directory) is refused rather than emptied; it also names the {@link PayaraMicro} that
 * prepared the directory last, so that only that one deletes it when it stops (a killed node's
 * object closed after a new one started there must not pull the new one's runtime away).
 */
final class PayaraMicroRoot {

    /** Written into every root directory this class prepares. */
    static final String MARKER = ".observer-payara-micro-root";

    private PayaraMicroRoot() {
    }

    /**
     * Makes {@code dir} an empty root directory (but for the marker naming {@code owner}), creating
     * it if needed and deleting whatever a previous run left in it.
     *
     * @throws IOException if {@code dir} holds files but no marker, or cannot be cleared
     */
    static Path prepare(Path dir, String owner) throws IOException {
        if (Files.isDirectory(dir)) {
            if (!Files.exists(dir.resolve(MARKER)) && !isEmpty(dir)) {
                throw new IOException(dir + " is not empty and is not a Payara Micro root directory this launcher"
                        + " made (no " + MARKER + " in it): not clearing it; move it away or choose another directory");
            }
            deleteContents(dir);
        } else {
            Files.createDirectories(dir);
        }
        Files.writeString(dir.resolve(MARKER), markerText(owner));
        return dir;
    }

    /**
     * Deletes {@code dir} and everything in it if {@code owner} prepared it last; otherwise (another
     * run took it over since, or it is gone) leaves it alone.
     *
     * @return whether it was deleted
     */
    static boolean deleteIfOwned(Path dir, String owner) throws IOException {
        String marker;
        try {
            marker = Files.readString(dir.resolve(MARKER));
        } catch (NoSuchFileException gone) {
            return false;
        }
        if (!marker.equals(markerText(owner))) {
            return false;
        }
        deleteContents(dir);
        Files.delete(dir);
        return true;
    }

    private static String markerText(String owner) {
        return "Payara Micro's root directory (--rootDir): cleared at every start\nprepared by " + owner + "\n";
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Deletes everything under {@code dir}, the marker included (a symbolic link is removed, not followed). */
    private static void deleteContents(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                deleteIfPresent(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                if (!visited.equals(dir)) {
                    deleteIfPresent(visited);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfPresent(Path path) throws IOException {
        try {
            Files.delete(path);
        } catch (NoSuchFileException gone) {
            // already gone: nothing to do
        }
    }
}
