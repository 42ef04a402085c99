package org.observer.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.zip.ZipFile;

/**
 * A node's own copy of the files it runs from ({@code payara-micro.jar}, {@code observer.war}).
 *
 * <p>Why: a build writes {@code target/runtime/observer.war} in place; a node deploying that very
 * file while another {@code ./observer.sh} rebuilds it read a torn archive ("invalid CEN header")
 * and never became ready. Payara Micro also reads its own jar for as long as it runs. So each node
 * runs from copies no build touches. A copy is made only while the source stays unchanged
 * (same size and modification time before and after, and it opens as a zip), and replaces the
 * previous copy in one rename, so a node still running from the old copy keeps it.
 */
final class PrivateRuntime {

    private PrivateRuntime() {
    }

    /**
     * Copies {@code source} into {@code dir} under the same name unless an identical copy (size
     * and modification time) is already there; waits up to {@code timeout} for a source being
     * rewritten to settle.
     *
     * @return the copy
     */
    static Path copy(Path source, Path dir, Duration timeout) throws IOException, InterruptedException {
        if (!Files.isDirectory(source.toAbsolutePath().getParent())) {
            // a build rewrites files in their folder; no folder means the launcher was moved without them
            throw new IOException(source.toAbsolutePath().getParent() + " is missing: the launcher runs from its build"
                    + " folder (observer-launcher/target), with runtime/ and lib/ beside its jar");
        }
        Files.createDirectories(dir);
        Path target = dir.resolve(source.getFileName());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Stamp before = Stamp.of(source);
            if (before != null && before.equals(Stamp.of(target))) {
                return target;
            }
            if (before != null) {
                Path partial = Files.createTempFile(dir, source.getFileName().toString(), ".partial");
                try {
                    Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    if (before.equals(Stamp.of(source)) && before.equals(Stamp.of(partial)) && isZip(partial)) {
                        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        return target;
                    }
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(source + (before == null ? " is missing" : " kept changing (is a build running?)")
                        + "; could not copy it to " + dir);
            }
            Thread.sleep(500); // a build is rewriting it: take the finished file
        }
    }

    private static boolean isZip(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.size() > 0;
        } catch (IOException torn) {
            return false;
        }
    }

    /** What tells two versions of a file apart without reading it. */
    private record Stamp(long size, long modifiedMillis) {
        static Stamp of(Path file) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis());
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }
}
