package org.observer.api;

import java.util.List;

/** Accepts logs: validates them and publishes them durably to Kafka before answering. */
public interface IngestService {

    /**
     * Publishes one JSON object to the index.
     *
     * @throws InvalidRequestException if the index name or the document is not acceptable
     * @throws ServiceUnavailableException if Kafka did not acknowledge it in time
     */
    IngestReceipt ingest(String index, String json, boolean waitForSearchable);

    /**
     * Publishes each non-blank line of an NDJSON body (UTF-8; lines end at {@code \n}, a {@code \r}
     * before it is dropped); a bad line, or one that is not UTF-8, is rejected alone, the others go on.
     *
     * @throws InvalidRequestException if the body has no line that is not blank, or the index name is invalid
     */
    BulkResult ingestBulk(String index, byte[] ndjson, boolean waitForSearchable);

    /**
     * Publishes the document {@code body[from[i], to[i])} (UTF-8 JSON, e.g. a line of an
     * Elasticsearch bulk body) to {@code indexes.get(i)}, each on its own: a bad index name, or a
     * document that is not a JSON object or not UTF-8, is rejected alone (item {@code i + 1}), the
     * others go on.
     */
    BulkResult ingestEach(List<String> indexes, byte[] body, int[] from, int[] to, boolean waitForSearchable);

    /**
     * Waits until every log the ingest topic holds now is searchable, whoever produced it
     * (Elasticsearch's {@code _refresh}).
     *
     * @return false if that took longer than the refresh timeout (the logs become searchable later)
     * @throws ServiceUnavailableException if Kafka does not say how far its partitions go
     */
    boolean awaitAllSearchable();

    /** The id of the Kafka cluster the nodes share (every node names the same); "" while Kafka does not answer. */
    String kafkaClusterId();
}
