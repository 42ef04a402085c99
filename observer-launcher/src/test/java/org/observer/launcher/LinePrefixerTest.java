package org.observer.launcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinePrefixerTest {

    @Test
    void everyLineGetsThePrefixAndAnUnfinishedLastLineIsEnded() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] input = "Payara Micro starting\nköln ✓\r\n\nlast".getBytes(StandardCharsets.UTF_8);
        new LinePrefixer(new ByteArrayInputStream(input), out, "[node-2] ").run();
        assertEquals("[node-2] Payara Micro starting\n[node-2] köln ✓\r\n[node-2] \n[node-2] last\n",
                out.toString(StandardCharsets.UTF_8));
    }
}
