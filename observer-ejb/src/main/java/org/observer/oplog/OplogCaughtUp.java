package org.observer.oplog;

import org.observer.api.OplogAction;

import java.util.Map;

/**
 * CDI event, once per start: the archive holds every oplog entry written before this node started,
 * and this is the last action it records for each index and partition of this node's stores
 * (recovery reconciles the disk with it).
 */
public record OplogCaughtUp(Map<String, Map<Integer, OplogAction>> lastActions) {
}
