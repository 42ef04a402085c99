package org.observer.cluster;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexManager;
import org.observer.ingest.IngestRate;
import org.observer.ingest.PartitionOwnership;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.Properties;

/** Takes this node's figures for its announcement: who it is, where to reach it, its load. */
@ApplicationScoped
public class LocalNode {

    /** The application's version, as Maven recorded it in the engine's jar; "0.1.0" when run from classes. */
    public static final String VERSION = readVersion();

    @Inject
    ObserverConfig config;

    @Inject
    RpcAddress rpc;

    @Inject
    PartitionOwnership ownership;

    @Inject
    IngestRate ingest;

    @Inject
    IndexManager indexes;


    /** Guards the previous sample of the ingest count, from which the rate is taken. */
    private final Object rateLock = new Object();
    private long lastCount = -1;
    private long lastCountAt;
    private volatile FileStore dataStore;

    /**
     * This node's announcement as of now. The ingest rate covers the time since the previous call
     * (the announcement interval); the first call says 0.
     */
    public NodeAnnouncement announcement() {
        long now = System.currentTimeMillis();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new NodeAnnouncement(config.nodeName(), config.nodeUrl(),
                rpc.hostAndPort(), VERSION, false,
                ManagementFactory.getRuntimeMXBean().getStartTime(), now, heap.getUsed(), heap.getMax(),
                indexes.knownDiskBytes(), freeDiskBytes(), indexes.openCount(), ingestRate(now), ownership.lag(),
                List.copyOf(ownership.copied()), List.copyOf(ownership.handingOver()), config.memoryBudgetBytes(),
                indexes.lastMemoryUse().totalBytes());
    }

    /** True if the partitions this node serves, copies or hands over differ from those {@code last} announced. */
    public boolean rolesChangedSince(NodeAnnouncement last) {
        return last != null && (!new java.util.ArrayList<>(ownership.lag().keySet()).equals(last.partitions())
                || !List.copyOf(ownership.copied()).equals(last.replicas())
                || !List.copyOf(ownership.handingOver()).equals(last.handingOver()));
    }

    private double ingestRate(long now) {
        long count = ingest.total();
        synchronized (rateLock) {
            double rate = lastCount < 0 || now <= lastCountAt ? 0 : (count - lastCount) * 1000.0 / (now - lastCountAt);
            lastCount = count;
            lastCountAt = now;
            return Math.round(rate * 10) / 10.0; // as the announcement carries it
        }
    }

    private long freeDiskBytes() {
        try {
            FileStore store = dataStore;
            if (store == null) {
                Files.createDirectories(config.dataDir());
                dataStore = store = Files.getFileStore(config.dataDir());
            }
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String readVersion() {
        try (InputStream in = LocalNode.class.getResourceAsStream("/META-INF/maven/org.observer/observer-ejb/pom.properties")) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                String version = pom.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version.trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "0.1.0";
    }
}
