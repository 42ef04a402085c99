package org.observer.analysis;

import org.observer.api.IndexPattern;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The field types of every index, from one setting: a comma list of field names that are text in
 * every index, and of {@code pattern:field} entries adding a text field to the indexes a pattern
 * names (an index name, or a prefix ending in '*'): {@code message,msg,log,nginx-*:request}.
 *
 * @param all       the types of an index no pattern names
 * @param byPattern extra text fields per index pattern
 */
public record IndexFieldTypes(FieldTypes all, Map<String, Set<String>> byPattern) {

    public IndexFieldTypes {
        byPattern = Map.copyOf(byPattern);
    }

    /** Reads the setting; throws IllegalArgumentException naming a malformed entry. */
    public static IndexFieldTypes parse(String setting, int keywordMaxLength) {
        Set<String> text = new LinkedHashSet<>();
        Map<String, Set<String>> byPattern = new LinkedHashMap<>();
        for (String item : setting == null ? new String[0] : setting.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                text.add(entry);
            } else if (colon == 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("'" + entry + "' is not a field name or index-pattern:field");
            } else {
                byPattern.computeIfAbsent(entry.substring(0, colon).trim(), p -> new LinkedHashSet<>())
                        .add(entry.substring(colon + 1).trim());
            }
        }
        return new IndexFieldTypes(new FieldTypes(text, keywordMaxLength), byPattern);
    }

    /** The types of {@code index}: the common text fields plus those of every pattern naming it. */
    public FieldTypes forIndex(String index) {
        Set<String> text = null;
        for (Map.Entry<String, Set<String>> e : byPattern.entrySet()) {
            String pattern = e.getKey();
            if (IndexPattern.covers(pattern, index)) {
                if (text == null) {
                    text = new LinkedHashSet<>(all.textFields());
                }
                text.addAll(e.getValue());
            }
        }
        return text == null ? all : new FieldTypes(text, all.keywordMaxLength());
    }
}
