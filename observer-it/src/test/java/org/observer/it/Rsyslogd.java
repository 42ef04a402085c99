package org.observer.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's rsyslogd ({@code rsyslog-elasticsearch}) in the foreground as a child process, with a
 * configuration of its own in {@code dir}: imfile reads {@code file} from its start and
 * omelasticsearch ships each line in bulk to {@code /_bulk} (rsyslog cannot add a path prefix) as
 * {@code {"@timestamp", "message"}}. imfile polls rather than waiting on inotify, which containers
 * do not always offer. Closing it stops it by its PID.
 */
final class Rsyslogd implements AutoCloseable {

    private final Process process;
    private final Path dir;

    private Rsyslogd(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    static Rsyslogd ship(Path dir, Path file, String host, int port, String index) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        String conf = """
                global(workDirectory="%1$s")
                module(load="imfile" mode="polling" pollingInterval="1")
                module(load="omelasticsearch")
                template(name="observer-doc" type="list" option.jsonf="on") {
                  property(outname="@timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
                  property(outname="message" name="msg" format="jsonf")
                }
                # rsyslogd's own messages, for the test's failure messages
                syslog.* action(type="omfile" file="%2$s")
                ruleset(name="to-observer") {
                  action(type="omelasticsearch" server="%3$s" serverport="%4$d" searchIndex="%5$s" template="observer-doc"
                         bulkmode="on" errorFile="%6$s" action.resumeRetryCount="-1")
                }
                input(type="imfile" file="%7$s" tag="held-out" ruleset="to-observer")
                """.formatted(work, dir.resolve("rsyslogd.log"), host, port, index, errorFile(dir), file);
        Path config = dir.resolve("rsyslog.conf");
        Files.writeString(config, conf);
        Process process = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", config.toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        return new Rsyslogd(process, dir);
    }

    /** Where omelasticsearch writes the requests and answers that failed; absent while none did. */
    static Path errorFile(Path dir) {
        return dir.resolve("omelasticsearch-errors.json");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What rsyslogd said on its output and in its own log, for failure messages. */
    String said() {
        StringBuilder out = new StringBuilder();
        for (String name : new String[]{"rsyslogd.out", "rsyslogd.log", errorFile(dir).getFileName().toString()}) {
            Path file = dir.resolve(name);
            try {
                if (Files.exists(file)) {
                    out.append("\n--- ").append(name).append(":\n").append(Files.readString(file, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                out.append("\n--- ").append(name).append(": ").append(e);
            }
        }
        return out.toString();
    }

    /** SIGTERM to its PID (it flushes its queues and ends), SIGKILL if it has not ended after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM to process.pid()
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
