package org.observer.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivateRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void copiesTheArchiveIntoTheNodesDirectory() throws Exception {
        Path war = zip(dir.resolve("build/observer.war"), "a");
        Path copy = PrivateRuntime.copy(war, dir.resolve("node-1/runtime"), Duration.ofSeconds(5));
        assertEquals(dir.resolve("node-1/runtime/observer.war"), copy);
        assertArrayEquals(Files.readAllBytes(war), Files.readAllBytes(copy));
    }

    @Test
    void anUnchangedArchiveIsNotCopiedAgain() throws Exception {
        Path war = zip(dir.resolve("build/observer.war"), "a");
        Path copy = PrivateRuntime.copy(war, dir.resolve("runtime"), Duration.ofSeconds(5));
        Object firstCopy = Files.readAttributes(copy, BasicFileAttributes.class).fileKey();
        PrivateRuntime.copy(war, dir.resolve("runtime"), Duration.ofSeconds(5));
        assertEquals(firstCopy, Files.readAttributes(copy, BasicFileAttributes.class).fileKey());
    }

    @Test
    void aRebuiltArchiveReplacesTheCopyWithoutTouchingTheFileARunningNodeHolds() throws Exception {
        Path war = zip(dir.resolve("build/observer.war"), "a");
        Path copy = PrivateRuntime.copy(war, dir.resolve("runtime"), Duration.ofSeconds(5));
        Object old = Files.readAttributes(copy, BasicFileAttributes.class).fileKey();
        byte[] oldBytes = Files.readAllBytes(copy);

        zip(war, "a", "b");
        Files.setLastModifiedTime(war, FileTime.from(Instant.now().plusSeconds(5)));
        PrivateRuntime.copy(war, dir.resolve("runtime"), Duration.ofSeconds(5));
        assertArrayEquals(Files.readAllBytes(war), Files.readAllBytes(copy));
        assertNotEquals(old, Files.readAttributes(copy, BasicFileAttributes.class).fileKey(),
                "a new file, renamed into place: the old one stays whole for whoever has it open");
        assertTrue(oldBytes.length < Files.size(copy));
        try (var files = Files.list(dir.resolve("runtime"))) {
            assertEquals(1, files.count(), "no partial copies left behind");
        }
    }

    @Test
    void aTornArchiveIsNotTakenButWaitedFor() throws Exception {
        Path war = dir.resolve("build/observer.war");
        Files.createDirectories(war.getParent());
        Files.write(war, new byte[]{'P', 'K', 3, 4, 0, 0}); // what a build being written looks like
        CompletableFuture<Path> copy = CompletableFuture.supplyAsync(() -> {
            try {
                return PrivateRuntime.copy(war, dir.resolve("runtime"), Duration.ofSeconds(20));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(1200);
        assertFalse(copy.isDone(), "still waiting for a whole archive");
        zip(war, "a");
        Path copied = copy.get();
        assertArrayEquals(Files.readAllBytes(war), Files.readAllBytes(copied));
    }

    @Test
    void aMissingArchiveFailsAfterTheTimeout() {
        IOException e = assertThrows(IOException.class,
                () -> PrivateRuntime.copy(dir.resolve("nothing.war"), dir.resolve("runtime"), Duration.ofMillis(100)));
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    }

    @Test
    @Timeout(60) // the wait it must not do is a day long
    void aMissingRuntimeFolderFailsAtOnceSayingWhatTheLauncherNeeds() {
        IOException e = assertThrows(IOException.class, () -> PrivateRuntime.copy(dir.resolve("moved/runtime/observer.war"),
                dir.resolve("node-1/runtime"), Duration.ofDays(1)));
        assertTrue(e.getMessage().contains("runtime/ and lib/ beside its jar"), e.getMessage());
    }

    private static Path zip(Path file, String... entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(entry.repeat(1000).getBytes());
                zip.closeEntry();
            }
        }
        return file;
    }
}
