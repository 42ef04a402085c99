package org.observer.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official Elasticsearch JavaScript client ({@code @elastic/elasticsearch}, pinned by
 * {@code src/test/js/package-lock.json}) run by Node: the scripts are copied under
 * {@code target/it} and installed there with {@code npm ci}, so that node_modules never enters the
 * sources and a fresh clone needs only Node and the npm registry.
 */
final class ElasticsearchJs {

    private static final List<String> FILES = List.of("package.json", "package-lock.json", "ship-and-search.mjs");

    private ElasticsearchJs() {
    }

    /**
     * Runs {@code ship-and-search.mjs}: the client's bulk helper ships {@code file}'s lines to
     * {@code index}, then its search and count look for {@code query}; returns the JSON the
     * script prints.
     */
    static JsonObject shipAndSearch(String baseUrl, String index, Path file, String query) throws Exception {
        Path dir = installed();
        String out = run(dir, 5, "node", "ship-and-search.mjs", baseUrl, index, file.toString(), query);
        String last = out.strip().substring(out.strip().lastIndexOf('\n') + 1);
        return Json.createReader(new StringReader(last)).readObject();
    }

    /** The scripts in {@code target/it/elasticsearch-js}, with npm ci run again only when the lock file changed. */
    private static synchronized Path installed() throws Exception {
        Path sources = Path.of(System.getProperty("observer.it.js"));
        Path dir = Files.createDirectories(Path.of(System.getProperty("observer.it.dir"), "elasticsearch-js"));
        Path lock = dir.resolve("package-lock.json");
        boolean current = Files.exists(dir.resolve("node_modules/.package-lock.json")) && Files.exists(lock)
                && Files.mismatch(sources.resolve("package-lock.json"), lock) == -1;
        for (String name : FILES) {
            Files.copy(sources.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!current) {
            run(dir, 10, "npm", "ci", "--no-audit", "--no-fund", "--prefer-offline");
        }
        return dir;
    }

    /** Runs a command in {@code dir}; its standard output if it ends well within {@code minutes}, else fails with both outputs. */
    private static String run(Path dir, long minutes, String... command) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            boolean ended = process.waitFor(minutes, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            if (!ended || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + (ended ? " exited with " + process.exitValue()
                        : " did not end within " + minutes + " min") + "\nstdout:\n" + out + "\nstderr:\n"
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return out;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
