package org.observer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules, read from the sources' import lines (no bytecode, no library): the storage
 * root package is its API and its subpackages are internals; the pure packages run without a
 * container; the storage subpackages do not import each other in circles. Scans the main sources
 * of every module of the repository (and, for the storage rule, their tests too).
 */
class ArchitectureTest {

    private static final String STORAGE = "org.observer.storage";
    private static final List<String> PURE = List.of(STORAGE, "org.observer.query", "org.observer.analysis");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A storage subpackage named anywhere in code: an import, a static import or a qualified name. */
    private static final Pattern STORAGE_INTERNAL = Pattern.compile("\\borg\\.observer\\.storage\\.([a-z]\\w*)\\.");
    /** A package of the application named in code: {@code org.observer.<name>.}. */
    private static final Pattern OBSERVER_PACKAGE = Pattern.compile("\\borg\\.observer\\.([a-z]\\w*)\\.");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+([\\w.]+)\\.([A-Z]\\w*)\\s*;");
    /** A type name: a capitalized word followed by a variable name (generics are not injected here). */
    private static final Pattern TYPE_NAME = Pattern.compile("\\b([A-Z]\\w*)\\s+[a-z]\\w*\\s*[;,)]");
    private static final Pattern JAKARTA_IMPORT = Pattern.compile("^import\\s+(static\\s+)?jakarta\\.", Pattern.MULTILINE);

    /** A source file: where it is, its package, and its lines outside comments. */
    private record Source(Path file, String pkg, List<String> codeLines) {
    }

    private static List<Source> main;
    private static List<Source> tests;

    @BeforeAll
    static void readSources() throws IOException {
        Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        Path repository = module.getParent();
        main = new ArrayList<>();
        tests = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repository)) {
            for (Path dir : (Iterable<Path>) modules.sorted()::iterator) {
                main.addAll(read(repository, dir.resolve("src/main/java")));
                tests.addAll(read(repository, dir.resolve("src/test/java")));
            }
        }
    }

    @Test
    void onlyTheStorageRootIsUsedFromOutsideStorage() {
        List<String> offenders = new ArrayList<>();
        int usersOfRoot = 0;
        for (Source source : concat(main, tests)) {
            if (inPackage(source.pkg(), STORAGE)) {
                continue;
            }
            for (String line : source.codeLines()) {
                if (line.contains(STORAGE + ".")) {
                    usersOfRoot++;
                }
                if (STORAGE_INTERNAL.matcher(line).find()) {
                    offenders.add(source.file() + ": " + line.strip());
                }
            }
        }
        assertTrue(usersOfRoot > 10, "the scan found the storage's users (" + usersOfRoot + " lines)");
        assertEquals(List.of(), offenders, "only " + STORAGE + " itself is API; its subpackages are internal");
    }

    @Test
    void purePackagesImportNothingFromJakarta() {
        List<String> offenders = new ArrayList<>();
        int pure = 0;
        for (Source source : main) {
            if (PURE.stream().noneMatch(p -> inPackage(source.pkg(), p))) {
                continue;
            }
            pure++;
            for (String line : source.codeLines()) {
                if (JAKARTA_IMPORT.matcher(line).find()) {
                    offenders.add(source.file() + ": " + line.strip());
                }
            }
        }
        assertTrue(pure > 50, "the scan found the pure packages (" + pure + " files)");
        assertEquals(List.of(), offenders, "storage, query and analysis run without a container");
    }

    @Test
    void storageSubpackagesFormNoCycle() {
        Map<String, Set<String>> imports = references(ArchitectureTest::subpackage, STORAGE_INTERNAL);
        assertTrue(imports.keySet().containsAll(List.of("io", "dictionary", "search", "segment", "chunk")),
                "the scan found the storage subpackages: " + imports.keySet());
        for (String start : imports.keySet()) {
            assertEquals(List.of(), cycle(start, start, imports, new ArrayList<>()),
                    "storage subpackages import each other in a circle");
        }
    }

    /**
     * The application's packages ({@code org.observer.<name>}, a package with its subpackages) do not
     * import each other in circles: each can be read, tested and changed from the ones below it.
     */
    @Test
    void packagesFormNoCycle() {
        Map<String, Set<String>> imports = references(ArchitectureTest::topLevel, OBSERVER_PACKAGE);
        assertTrue(imports.keySet().containsAll(List.of("ingest", "index", "oplog", "kafka", "logs", "search", "web")),
                "the scan found the packages: " + imports.keySet());
        for (String start : imports.keySet()) {
            assertEquals(List.of(), cycle(start, start, imports, new ArrayList<>()), "packages import each other in a circle");
        }
    }

    /**
     * The web layer (REST, Elasticsearch API, console, health, security) is handed only
     * {@code observer-api} interfaces and its own classes: what it injects, by field or constructor,
     * is never a concrete bean of the engine, so the engine's beans can change behind the contract.
     */
    @Test
    void theWebLayerInjectsOnlyTheApi() {
        List<String> offenders = new ArrayList<>();
        int injections = 0;
        for (Source source : main) {
            if (!inPackage(source.pkg(), "org.observer.web")) {
                continue;
            }
            Map<String, String> imported = new TreeMap<>();
            for (String line : source.codeLines()) {
                Matcher m = IMPORT.matcher(line);
                if (m.find()) {
                    imported.put(m.group(2), m.group(1));
                }
            }
            List<String> lines = source.codeLines();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("@Inject")) {
                    continue;
                }
                String declaration = lines.subList(i + 1, Math.min(lines.size(), i + 4)).stream()
                        .filter(l -> !l.isBlank()).findFirst().orElse("");
                // a field "Type name;" or a constructor "Name(Type a, Type b) {": every type named
                Matcher types = TYPE_NAME.matcher(declaration.contains("(")
                        ? declaration.substring(declaration.indexOf('(')) : declaration);
                while (types.find()) {
                    String pkg = imported.get(types.group(1));
                    injections++;
                    if (pkg != null && pkg.startsWith("org.observer.") && !inPackage(pkg, "org.observer.api")
                            && !inPackage(pkg, "org.observer.web")) {
                        offenders.add(source.file() + ": " + pkg + "." + types.group(1));
                    }
                }
            }
        }
        assertTrue(injections > 20, "the scan found the web layer's injections (" + injections + ")");
        assertEquals(List.of(), offenders, "the web layer injects observer-api interfaces, not the engine's beans");
    }

    /** "ingest" for org.observer.ingest(.x), null for org.observer itself or another root. */
    private static String topLevel(String pkg) {
        if (!pkg.startsWith("org.observer.")) {
            return null;
        }
        String rest = pkg.substring("org.observer.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /**
     * For each group of main sources ({@code group} of their package; null: left out), the other
     * groups their code names ({@code reference}'s first group, found in any line).
     */
    private static Map<String, Set<String>> references(Function<String, String> group, Pattern reference) {
        Map<String, Set<String>> imports = new TreeMap<>();
        for (Source source : main) {
            String from = group.apply(source.pkg());
            if (from == null) {
                continue;
            }
            Set<String> targets = imports.computeIfAbsent(from, k -> new TreeSet<>());
            for (String line : source.codeLines()) {
                Matcher m = reference.matcher(line);
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        targets.add(m.group(1));
                    }
                }
            }
        }
        return imports;
    }

    /** A path start -> ... -> start through {@code imports} (tiny: a handful of packages), or empty. */
    private static List<String> cycle(String start, String node, Map<String, Set<String>> imports, List<String> path) {
        path.add(node);
        for (String next : imports.getOrDefault(node, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (!path.contains(next)) {
                List<String> cycle = cycle(start, next, imports, path);
                if (!cycle.isEmpty()) {
                    return cycle;
                }
            }
        }
        path.remove(path.size() - 1);
        return List.of();
    }

    /** "io" for org.observer.storage.io(.x), null outside the storage's subpackages. */
    private static String subpackage(String pkg) {
        if (!pkg.startsWith(STORAGE + ".")) {
            return null;
        }
        String rest = pkg.substring(STORAGE.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static boolean inPackage(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    private static List<Source> concat(List<Source> a, List<Source> b) {
        List<Source> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Source> read(Path repository, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(file -> {
                try {
                    String text = Files.readString(file);
                    Matcher pkg = PACKAGE.matcher(text);
                    sources.add(new Source(repository.relativize(file), pkg.find() ? pkg.group(1) : "",
                            codeLines(text)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return sources;
    }

    /** The lines of {@code text} with comments removed (line breaks kept); literals are kept as they are. */
    private static List<String> codeLines(String text) {
        StringBuilder code = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                text.substring(i, stop).chars().filter(ch -> ch == '\n').forEach(ch -> code.append('\n'));
                i = stop;
            } else if (c == '"' || c == '\'') {
                int end = text.startsWith("\"\"\"", i) ? text.indexOf("\"\"\"", i + 3) + 3 : literalEnd(text, i, c);
                int stop = end < i ? n : end;
                code.append(text, i, stop);
                i = stop;
            } else {
                code.append(c);
                i++;
            }
        }
        return List.of(code.toString().split("\n", -1));
    }

    /** The index after the quoted literal starting at {@code start} (escapes skipped). */
    private static int literalEnd(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != quote && text.charAt(i) != '\n') {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, text.length());
    }
}
