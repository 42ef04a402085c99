package org.observer.api;

import java.util.Map;

/**
 * The index templates, ILM policies and ingest pipelines clients installed through the
 * Elasticsearch-compatible API, by {@code kind/name} (kind: {@code _index_template}, {@code _ilm/policy}, …),
 * the same on every node.
 */
public interface TemplateService {

    /** The body installed under {@code key}, or null. */
    String get(String key);

    /** Everything installed, by key. */
    Map<String, String> all();

    /**
     * Installs (or replaces) {@code body} under {@code key}, for every node.
     *
     * @throws ServiceUnavailableException if Kafka did not take it
     */
    void put(String key, String body);

    /** Removes what is installed under {@code key}, for every node; false if nothing was. */
    boolean remove(String key);
}
