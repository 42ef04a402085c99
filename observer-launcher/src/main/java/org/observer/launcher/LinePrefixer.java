package org.observer.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a child's output to ours line by line, each line prefixed with the child's name
 * ({@code [node-2] }), so several nodes' logs stay readable in one terminal. Bytes are copied as
 * they are (no decoding); a whole line is written at once, so lines of different nodes never mix.
 */
final class LinePrefixer implements Runnable {

    private final InputStream in;
    private final OutputStream out;
    private final byte[] prefix;

    LinePrefixer(InputStream in, OutputStream out, String prefix) {
        this.in = in;
        this.out = out;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a daemon thread copying {@code in} to {@code out} until the child closes its output. */
    static Thread start(InputStream in, OutputStream out, String prefix, String threadName) {
        Thread thread = new Thread(new LinePrefixer(in, out, prefix), threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    line.write(buffer[i]);
                    if (buffer[i] == '\n') {
                        emit(line);
                    }
                }
            }
        } catch (IOException closed) {
            // the child is gone
        }
        if (line.size() > 0) {
            line.write('\n');
            emit(line);
        }
    }

    private void emit(ByteArrayOutputStream line) {
        synchronized (out) {
            try {
                out.write(prefix);
                line.writeTo(out);
                out.flush();
            } catch (IOException e) {
                // our own output is gone (closed terminal): keep draining so the child never blocks
            }
        }
        line.reset();
    }
}
