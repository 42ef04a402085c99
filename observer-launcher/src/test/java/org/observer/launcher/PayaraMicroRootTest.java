package org.observer.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayaraMicroRootTest {

    @TempDir
    Path dir;

    @Test
    void aMissingRootDirectoryIsCreatedWithItsMarker() throws Exception {
        Path root = PayaraMicroRoot.prepare(dir.resolve("data/runtime/payara"), "first");
        assertEquals(List.of(PayaraMicroRoot.MARKER), names(root));
    }

    @Test
    void whatAKilledRunLeftIsClearedAtTheNextStart() throws Exception {
        Path root = PayaraMicroRoot.prepare(dir.resolve("payara"), "killed");
        // what Payara Micro leaves: a deployment it would boot again, and the unpacked runtime
        Files.createDirectories(root.resolve("applications/observer/WEB-INF"));
        Files.writeString(root.resolve("applications/observer/WEB-INF/web.xml"), "<web-app/>");
        Files.createDirectories(root.resolve("config"));
        Files.writeString(root.resolve("config/domain.xml"), "<application name=\"observer\"/>");
        Files.createDirectories(root.resolve("runtime"));
        Files.write(root.resolve("runtime/payara-micro-core.jar"), new byte[4096]);
        Path outside = Files.writeString(dir.resolve("kept.txt"), "data");
        Files.createSymbolicLink(root.resolve("link-out"), dir); // removed, not followed

        PayaraMicroRoot.prepare(root, "restarted");

        assertEquals(List.of(PayaraMicroRoot.MARKER), names(root));
        assertEquals("data", Files.readString(outside));
    }

    @Test
    void aDirectoryWithFilesButNoMarkerIsRefusedAndLeftAlone() throws Exception {
        Path notOurs = Files.createDirectories(dir.resolve("somebody's data"));
        Files.writeString(notOurs.resolve("precious.txt"), "keep me");
        IOException refused = assertThrows(IOException.class, () -> PayaraMicroRoot.prepare(notOurs, "node"));
        assertTrue(refused.getMessage().contains("not clearing it"), refused.getMessage());
        assertEquals("keep me", Files.readString(notOurs.resolve("precious.txt")));
    }

    @Test
    void anEmptyDirectoryIsTaken() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        PayaraMicroRoot.prepare(empty, "node");
        assertEquals(List.of(PayaraMicroRoot.MARKER), names(empty));
    }

    @Test
    void onlyTheLastToPrepareItDeletesIt() throws Exception {
        Path root = PayaraMicroRoot.prepare(dir.resolve("payara"), "killed");
        PayaraMicroRoot.prepare(root, "restarted");
        Files.createDirectories(root.resolve("runtime"));

        assertFalse(PayaraMicroRoot.deleteIfOwned(root, "killed"), "the killed node's object closed late");
        assertTrue(Files.isDirectory(root.resolve("runtime")));

        assertTrue(PayaraMicroRoot.deleteIfOwned(root, "restarted"));
        assertFalse(Files.exists(root));
        assertFalse(PayaraMicroRoot.deleteIfOwned(root, "restarted"), "already gone");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
