package org.observer.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.InsufficientStorageException;
import org.observer.config.ObserverConfig;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;

/**
 * Refuses new logs (507) while the data directory has less free space than
 * {@code observer.disk.min-free-mb}: accepted logs must still fit, as must the seals and merges of
 * what is already there. One statfs call per request.
 */
@ApplicationScoped
public class DiskSpace {

    @Inject
    ObserverConfig config;

    private volatile FileStore store;

    /** @throws InsufficientStorageException if free space is below the minimum */
    public void check() {
        long free;
        try {
            FileStore fs = store;
            if (fs == null) {
                Files.createDirectories(config.dataDir());
                store = fs = Files.getFileStore(config.dataDir());
            }
            free = fs.getUsableSpace();
        } catch (IOException e) {
            return; // cannot tell: let the write itself find out
        }
        long min = config.diskMinFreeBytes();
        if (free < min) {
            throw new InsufficientStorageException("the data directory " + config.dataDir() + " has " + (free >> 20)
                    + " MB free, less than the " + (min >> 20) + " MB it keeps (observer.disk.min-free-mb): free disk space,"
                    + " then retry; nothing of this request was accepted");
        }
    }
}
