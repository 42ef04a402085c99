package org.observer.web.console;

import org.observer.api.IndexInfo;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Groups indexes by the part of their name before a date ({@code web-2026.12.07} and
 * {@code web-2026.12.08} are both {@code web}), the way shippers name daily indexes.
 */
final class IndexPrefixes {

    /**
     * A trailing date: a year 19xx/20xx, then up to month, day and hour, each optionally after
     * {@code -}, {@code .} or {@code _}; a year with no separator must not follow a digit. The century
     * and that rule keep ids and millisecond stamps ({@code app-1733550000123}) whole.
     */
    private static final Pattern DATE_SUFFIX = Pattern.compile("(?:[-._]|(?<!\\d))(19|20)\\d{2}([-._]?\\d{2}){0,3}$");

    private IndexPrefixes() {
    }

    /** The name without its trailing date; the whole name when it has none (or is nothing but a date). */
    static String of(String index) {
        String prefix = DATE_SUFFIX.matcher(index).replaceFirst("");
        return prefix.isEmpty() ? index : prefix;
    }

    /**
     * Bytes on disk per prefix, the largest first (ties by name); past {@code top} prefixes the
     * rest are summed as "N others", so a chart stays readable with hundreds of indexes.
     */
    static Map<String, Long> diskBytes(List<IndexInfo> indexes, int top) {
        Map<String, Long> byPrefix = new TreeMap<>();
        for (IndexInfo index : indexes) {
            byPrefix.merge(of(index.name()), index.diskBytes(), Long::sum);
        }
        List<Map.Entry<String, Long>> largestFirst = byPrefix.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).toList();
        Map<String, Long> shown = new LinkedHashMap<>();
        largestFirst.stream().limit(top).forEach(e -> shown.put(e.getKey(), e.getValue()));
        if (largestFirst.size() > top) {
            List<Map.Entry<String, Long>> rest = largestFirst.subList(top, largestFirst.size());
            shown.put(rest.size() + (rest.size() == 1 ? " other" : " others"),
                    rest.stream().mapToLong(Map.Entry::getValue).sum());
        }
        return shown;
    }
}
