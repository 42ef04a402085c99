package org.observer.storage.dictionary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;

import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.IntList;

/**
 * The first {@link #LENGTH} characters of the terms a hot chunk keeps in {@link BlockFilters},
 * each with the documents holding such a term, per field: a small dictionary of the
 * {@link ChunkDictionary} layout nested in the chunk's own ({@link StorageFormat}).
 *
 * <p>A Bloom filter answers "this term?" but not "a term starting with {@code 731}?", so without
 * these a prefix that filtered ids may start with read every record of the chunk back (1.6–2.0 s
 * per million hot lines for {@code 731*}). With them, a prefix of at most {@link #LENGTH}
 * characters is answered from the entries alone (every listed document holds a filtered term
 * with that prefix, and every such document is listed), and a longer one reads back only the
 * documents listed under its first {@link #LENGTH} characters.
 *
 * <p>Documents rather than the blocks holding them: ids are random in their first digits, so a
 * hot block of a thousand lines holds almost half of the 2,560 digit-first prefixes, and a block
 * list would still read half of the chunk back. A listed document costs about 1.5 bytes (its
 * gap, some 11 bits of which say which prefix it is under): 1.4 bytes per line on the loghub
 * sample, where filtering saved 2.7. Cold chunks keep none: they filter terms of up to
 * {@link BlockFilters#MAX_DOCUMENTS} documents, and listing theirs took the cold sample's
 * dictionary from 3.1 to 5.9 bytes per line.
 */
public final class FilteredPrefixes {

    /**
     * Characters of a filtered term kept: the shortest prefix users type for an id (the
     * benchmark's {@code prefix_id} class is 3), and each further character would add 4 bits to
     * every listed document while a prefix at least this long reads back only a 2,560th of the
     * filtered ones.
     */
    public static final int LENGTH = 3;

    private FilteredPrefixes() {
    }

    /** The entry a filtered term belongs to: its first {@link #LENGTH} characters (the whole term if shorter). */
    public static String prefixOf(String term) {
        return term.length() <= LENGTH ? term : term.substring(0, LENGTH);
    }

    /** Collects (field, filtered term, document) triples in any order, then writes the nested dictionary. */
    public static final class Builder {
        private final Map<String, Map<Integer, IntList>> byPrefix = new HashMap<>();

        /** Document {@code ordinal} holds the filtered {@code term} (ASCII, {@link BlockFilters#qualifies}) in field {@code field}. */
        public void add(int field, String term, int ordinal) {
            byPrefix.computeIfAbsent(prefixOf(term), p -> new HashMap<>(2))
                    .computeIfAbsent(field, f -> new IntList(4)).add(ordinal);
        }

        public boolean isEmpty() {
            return byPrefix.isEmpty();
        }

        /**
         * The nested dictionary: its fields are the chunk's ({@code sortedFieldNames}, so the ids
         * agree), its terms the prefixes, each field's entry listing no shape and the ascending
         * distinct documents.
         */
        public ByteSink write(String[] sortedFieldNames, int documents, int zstdLevel, Executor compressor,
                              int blockBytes) throws IOException {
            ChunkDictionary.Writer writer = new ChunkDictionary.Writer(sortedFieldNames, documents, zstdLevel,
                    compressor, blockBytes);
            List<String> prefixes = new ArrayList<>(byPrefix.keySet());
            prefixes.sort(null); // ASCII: String order is unsigned UTF-8 order
            int[] noShapes = new int[0];
            for (String prefix : prefixes) {
                TreeMap<Integer, IntList> fields = new TreeMap<>(byPrefix.get(prefix));
                byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
                writer.term(bytes, bytes.length, fields.size());
                for (Map.Entry<Integer, IntList> field : fields.entrySet()) {
                    int[] ordinals = field.getValue().toArray();
                    Arrays.sort(ordinals);
                    int distinct = 0;
                    for (int i = 0; i < ordinals.length; i++) {
                        if (i == 0 || ordinals[i] != ordinals[i - 1]) {
                            ordinals[distinct++] = ordinals[i];
                        }
                    }
                    writer.field(field.getKey(), noShapes, 0, ordinals, distinct);
                }
            }
            return writer.finish();
        }
    }
}
