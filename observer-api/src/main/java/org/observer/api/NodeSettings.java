package org.observer.api;

import java.util.Set;

/**
 * The settings of this node that the HTTP layers need. The node reads and checks every setting once,
 * at start-up (an invalid value stops it with the setting's name); this is the read-only view.
 */
public interface NodeSettings {

    /** This node's name, as in the oplog and {@code /api/cluster}. */
    String nodeName();

    /** The Elasticsearch version the compatible API answers with (x.y.z). */
    String esVersion();

    /** How many other nodes keep a standby copy of each partition. */
    int replicas();

    /** Largest accepted request body, in bytes. */
    long maxBodyBytes();

    /** Requests per second one user or API key may make; 0: no limit. */
    long rateLimit();

    /** The fields of {@code index} whose values are always analyzed as text. */
    Set<String> textFields(String index);

    /** Longest value of another field that is indexed whole, as a keyword. */
    int keywordMaxLength();
}
