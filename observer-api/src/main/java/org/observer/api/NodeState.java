package org.observer.api;

/**
 * How a node of the cluster looks from here. UP: its announcements arrive (one within the last three
 * intervals). SUSPECT: three announcements in a row are missing, but its processors are still in the
 * consumer group, so it still owns its partitions. DOWN: it left cleanly, or its processors are no
 * longer members of the consumer group (Kafka has given its partitions away or will).
 */
public enum NodeState {
    UP,
    SUSPECT,
    DOWN
}
