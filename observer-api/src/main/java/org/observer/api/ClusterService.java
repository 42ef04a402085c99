package org.observer.api;

/** The cluster as this node sees it: the nodes announced on {@code observer.nodes} and who owns which partition. */
public interface ClusterService {

    ClusterInfo cluster();
}
