package org.observer.launcher;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM we started: stopped politely (SIGTERM), then for good if it does not go in time. */
final class ChildProcess {

    private final String name;
    private final Process process;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static ChildProcess start(String name, ProcessBuilder builder) throws IOException {
        return new ChildProcess(name, builder.start());
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    String name() {
        return name;
    }

    /** SIGKILL at once, as a crash would, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, wait up to {@code graceSeconds}, then SIGKILL the process and anything it started. */
    void stop(int graceSeconds) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                System.err.println("[observer] " + name + " did not stop in " + graceSeconds + " s; killing it");
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
