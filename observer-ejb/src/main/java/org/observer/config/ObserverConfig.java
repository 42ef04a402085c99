package org.observer.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.observer.analysis.FieldTypes;
import org.observer.analysis.IndexFieldTypes;
import org.observer.api.IndexPattern;
import org.observer.api.NodeSettings;
import org.observer.logs.LogValidator;

/**
 * Every setting of the node, read through MicroProfile Config (environment variables override the
 * defaults in {@code META-INF/microprofile-config.properties}). Invalid values fail start-up with a
 * message naming the setting.
 */
@ApplicationScoped
public class ObserverConfig implements NodeSettings {

    /** Where indexes live: {@code <data>/indexes/<index>/}. Env: OBSERVER_DATA_DIR. */
    public static final String DATA_DIR = "observer.data.dir";
    /** Kafka bootstrap servers. Env: OBSERVER_KAFKA_BOOTSTRAP. */
    public static final String KAFKA_BOOTSTRAP = "observer.kafka.bootstrap";
    /** How long an index stays OPEN without writes. Env: OBSERVER_INDEX_TTL. */
    public static final String INDEX_TTL = "observer.index.ttl";
    /** How long an OPEN index keeps logs in its active segment before sealing them. Env: OBSERVER_INDEX_SEAL_AFTER. */
    public static final String INDEX_SEAL_AFTER = "observer.index.seal-after";
    /** Partitions of observer.ingest when this node creates it. */
    public static final String INGEST_PARTITIONS = "observer.ingest.partitions";
    /** Kafka consumer threads indexing logs. */
    public static final String PROCESSOR_THREADS = "observer.processor.threads";
    /** Largest accepted request body, bytes. */
    public static final String MAX_BODY_BYTES = "observer.ingest.max-body-bytes";
    /** Largest accepted single log, bytes. */
    public static final String MAX_DOCUMENT_BYTES = "observer.ingest.max-document-bytes";
    /** Deepest nesting of objects and arrays in one log (the log itself is 1); at most 999, below the JSON parser's own limit. */
    public static final String MAX_DEPTH = "observer.ingest.max-depth";
    /** Most fields (object members, nested ones counted) in one log. */
    public static final String MAX_FIELDS = "observer.ingest.max-fields";
    /** How long an ingest waits for Kafka's acknowledgement before answering 503. */
    public static final String ACK_TIMEOUT_MS = "observer.kafka.ack-timeout-ms";
    /** How long {@code refresh=wait_for} waits for logs to become searchable. */
    public static final String REFRESH_TIMEOUT_MS = "observer.ingest.refresh-timeout-ms";
    /** Replication factor of topics this node creates; -1 takes the broker's default. */
    public static final String REPLICATION_FACTOR = "observer.kafka.replication-factor";
    /** Fields whose values are always analyzed as full text. Env: OBSERVER_FIELDS_TEXT. */
    public static final String TEXT_FIELDS = "observer.fields.text";
    /** Longest value of another field that is indexed whole, as a keyword. */
    public static final String KEYWORD_MAX_LENGTH = "observer.fields.keyword-max-length";

    /** This node's name in the oplog; empty: the host name. */
    public static final String NODE_NAME = "observer.node.name";
    /** How long observer.ingest keeps logs when this node creates it: the window an index can be rebuilt from. */
    public static final String INGEST_RETENTION = "observer.ingest.retention";
    /** Free space the data directory must keep; below it ingest answers 507. */
    public static final String DISK_MIN_FREE_MB = "observer.disk.min-free-mb";
    /** This node's HTTP port (the launcher passes it). Env: OBSERVER_HTTP_PORT. */
    public static final String HTTP_PORT = "observer.http.port";
    /** Host name or address other nodes and clients reach this node at; empty: this host's name. */
    public static final String ADVERTISED_HOST = "observer.advertised.host";
    /** Port of the binary RPC between nodes; 0: the HTTP port + 1000. Env: OBSERVER_RPC_PORT. */
    public static final String RPC_PORT = "observer.rpc.port";
    /** Secret nodes present to each other on every RPC; empty: the Kafka cluster's id. Env: OBSERVER_CLUSTER_SECRET. */
    public static final String CLUSTER_SECRET = "observer.cluster.secret";
    /** Indexes (names, or prefixes ending in *) whose logs are spread over every partition. Env: OBSERVER_INGEST_SPREAD. */
    public static final String INGEST_SPREAD = "observer.ingest.spread";
    /** Standby copies of each partition, on other nodes. Env: OBSERVER_REPLICAS. */
    public static final String REPLICAS = "observer.replicas";
    /** Memory OPEN indexes may hold (heap of active segments, mapped files): bytes with k/m/g, or a % of the heap. Env: OBSERVER_MEMORY_BUDGET. */
    public static final String MEMORY_BUDGET = "observer.memory.budget";
    /** How long logs are kept per index pattern ({@code auth-*:90d,*:30d}); empty: for ever. Env: OBSERVER_RETENTION. */
    public static final String RETENTION = "observer.retention";
    /** How often indexes are compared with their retention. Env: OBSERVER_RETENTION_CHECK_EVERY. */
    public static final String RETENTION_CHECK_EVERY = "observer.retention.check-every";
    /** The Elasticsearch version the compatible API claims to be. Env: OBSERVER_ES_VERSION. */
    public static final String ES_VERSION = "observer.es.version";
    /** Whether requests need credentials (on) or everyone may do everything (off, for development). Env: OBSERVER_AUTH. */
    public static final String AUTH = "observer.auth";
    /** The admin user's password when the cluster has no admin yet; empty: one is generated and logged once. Env: OBSERVER_ADMIN_PASSWORD. */
    public static final String ADMIN_PASSWORD = "observer.admin.password";
    /** Requests per second one user or API key may make (twice that in a burst); 0: no limit. Env: OBSERVER_RATE_LIMIT. */
    public static final String RATE_LIMIT = "observer.rate-limit";
    public static final String INGEST_TOPIC = "observer.ingest";
    /** Compacted: every node's latest announcement, keyed by node name. */
    public static final String NODES_TOPIC = "observer.nodes";
    /** Compacted: the templates, ILM policies and ingest pipelines clients installed, by kind and name. */
    public static final String TEMPLATES_TOPIC = "observer.templates";
    public static final String OPLOG_TOPIC = "observer.oplog";
    /** Compacted: users, roles and API keys (secrets only as hashes), by kind and name. */
    public static final String SECURITY_TOPIC = "observer.security";
    public static final String PROCESSOR_GROUP = "observer-processors";

    @Inject
    Config config;

    private Path dataDir;
    private String kafkaBootstrap;
    private Duration indexTtl;
    private Duration indexSealAfter;
    private int ingestPartitions;
    private int processorThreads;
    private long maxBodyBytes;
    private int maxDocumentBytes;
    private int maxDepth;
    private int maxFields;
    private int ackTimeoutMs;
    private long refreshTimeoutMs;
    private short replicationFactor;
    private IndexFieldTypes fieldTypes;
    private String nodeName;
    private Duration ingestRetention;
    private long diskMinFreeBytes;
    private int httpPort;
    private String advertisedHost;
    private int rpcPort;
    private boolean rpcPortSet;
    private String clusterSecret;
    private java.util.List<String> spread;
    private int replicas;
    private long memoryBudgetBytes;
    private String esVersion;
    private boolean authEnabled;
    private long rateLimit;
    private RetentionRules retention;
    private Duration retentionCheckEvery;

    @PostConstruct
    void load() {
        dataDir = Path.of(string(DATA_DIR)).toAbsolutePath().normalize();
        kafkaBootstrap = string(KAFKA_BOOTSTRAP);
        indexTtl = duration(INDEX_TTL);
        indexSealAfter = duration(INDEX_SEAL_AFTER);
        ingestPartitions = (int) positive(INGEST_PARTITIONS);
        processorThreads = (int) positive(PROCESSOR_THREADS);
        maxBodyBytes = positive(MAX_BODY_BYTES);
        maxDocumentBytes = (int) positive(MAX_DOCUMENT_BYTES);
        maxDepth = (int) positive(MAX_DEPTH);
        if (maxDepth > LogValidator.MAX_CONFIGURABLE_DEPTH) {
            throw invalid(MAX_DEPTH, String.valueOf(maxDepth), "at most " + LogValidator.MAX_CONFIGURABLE_DEPTH);
        }
        maxFields = (int) Math.min(Integer.MAX_VALUE, positive(MAX_FIELDS));
        ackTimeoutMs = (int) positive(ACK_TIMEOUT_MS);
        refreshTimeoutMs = positive(REFRESH_TIMEOUT_MS);
        long rf = config.getValue(REPLICATION_FACTOR, Long.class);
        if (rf != -1 && (rf < 1 || rf > Short.MAX_VALUE)) {
            throw invalid(REPLICATION_FACTOR, String.valueOf(rf), "-1 or a positive number");
        }
        replicationFactor = (short) rf;
        nodeName = config.getOptionalValue(NODE_NAME, String.class).map(String::trim).filter(n -> !n.isEmpty())
                .orElseGet(() -> hostName() + "-" + nodeId(dataDir));
        if (!nodeName.matches("[A-Za-z0-9._-]{1,200}")) {
            // it names the node's consumers in Kafka's group, which takes nothing else
            throw invalid(NODE_NAME, nodeName, "letters, digits, '.', '_' and '-' only");
        }
        ingestRetention = duration(INGEST_RETENTION);
        diskMinFreeBytes = positive(DISK_MIN_FREE_MB) << 20;
        httpPort = port(HTTP_PORT, false);
        advertisedHost = config.getOptionalValue(ADVERTISED_HOST, String.class).map(String::trim)
                .filter(h -> !h.isEmpty()).orElseGet(ObserverConfig::hostName);
        int rpc = port(RPC_PORT, true);
        rpcPortSet = rpc != 0;
        rpcPort = rpc == 0 ? httpPort + 1000 : rpc;
        clusterSecret = config.getOptionalValue(CLUSTER_SECRET, String.class).map(String::trim).orElse("");
        spread = new java.util.ArrayList<>();
        for (String entry : config.getOptionalValue(INGEST_SPREAD, String.class).orElse("").split(",")) {
            String pattern = entry.trim();
            if (pattern.isEmpty()) {
                continue;
            }
            String name = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (!name.isEmpty() && !name.matches("[a-z0-9][a-z0-9._-]*")) {
                throw invalid(INGEST_SPREAD, pattern, "index names or prefixes ending in *, comma-separated");
            }
            spread.add(pattern);
        }
        String replicasRaw = string(REPLICAS);
        try {
            replicas = Integer.parseInt(replicasRaw.trim());
        } catch (NumberFormatException e) {
            replicas = -1;
        }
        if (replicas < 0 || replicas > 16) {
            throw invalid(REPLICAS, replicasRaw, "a number of standby copies from 0 to 16");
        }
        String budget = string(MEMORY_BUDGET);
        memoryBudgetBytes = memoryBudget(budget, Runtime.getRuntime().maxMemory());
        if (memoryBudgetBytes <= 0) {
            throw invalid(MEMORY_BUDGET, budget, "bytes with an optional k, m or g (512m), or a share of the heap (50%)");
        }
        String retentionText = config.getOptionalValue(RETENTION, String.class).orElse("");
        try {
            retention = RetentionRules.parse(retentionText);
        } catch (IllegalArgumentException e) {
            throw invalid(RETENTION, retentionText, "pattern:duration entries, comma-separated, such as auth-*:90d,*:30d ("
                    + e.getMessage() + ")");
        }
        retentionCheckEvery = duration(RETENTION_CHECK_EVERY);
        esVersion = string(ES_VERSION).trim();
        if (!esVersion.matches("[789]\\.\\d{1,3}\\.\\d{1,3}")) {
            throw invalid(ES_VERSION, esVersion, "an Elasticsearch version 7.x.y, 8.x.y or 9.x.y, such as 8.17.0");
        }
        String auth = string(AUTH).toLowerCase(java.util.Locale.ROOT);
        if (!auth.equals("on") && !auth.equals("off")) {
            throw invalid(AUTH, auth, "on or off");
        }
        authEnabled = auth.equals("on");
        String limit = string(RATE_LIMIT);
        try {
            rateLimit = Long.parseLong(limit);
        } catch (NumberFormatException e) {
            rateLimit = -1;
        }
        if (rateLimit < 0) {
            throw invalid(RATE_LIMIT, limit, "requests per second per user or API key, 0 for no limit");
        }
        long keywordMax = positive(KEYWORD_MAX_LENGTH);
        if (keywordMax > 32_766) {
            throw invalid(KEYWORD_MAX_LENGTH, String.valueOf(keywordMax), "at most 32766");
        }
        String textFields = config.getOptionalValue(TEXT_FIELDS, String.class).orElse("");
        try {
            fieldTypes = IndexFieldTypes.parse(textFields, (int) keywordMax);
        } catch (IllegalArgumentException e) {
            throw invalid(TEXT_FIELDS, textFields, "field names, or index-pattern:field such as nginx-*:request ("
                    + e.getMessage() + ")");
        }
    }

    /** {@code value} (512m, 2g, 1048576, 50%) in bytes, a share of {@code maxHeap} for a percentage; -1 if unreadable. */
    static long memoryBudget(String value, long maxHeap) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("%")) {
                double share = Double.parseDouble(v.substring(0, v.length() - 1));
                return share > 0 && share <= 1000 ? (long) (maxHeap * share / 100) : -1;
            }
            int shift = v.endsWith("k") ? 10 : v.endsWith("m") ? 20 : v.endsWith("g") ? 30 : 0;
            long number = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
            return number > 0 && number <= (Long.MAX_VALUE >> shift) ? number << shift : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** How often the retention is enforced. */
    public Duration retentionCheckEvery() {
        return retentionCheckEvery;
    }

    /** How long each index keeps its logs. */
    public RetentionRules retention() {
        return retention;
    }

    @Override
    public String esVersion() {
        return esVersion;
    }

    /** Whether requests need credentials. */
    public boolean authEnabled() {
        return authEnabled;
    }

    @Override
    public long rateLimit() {
        return rateLimit;
    }

    /** The password the admin user is created with when the cluster has none; empty: generate one. */
    public String adminPassword() {
        return config.getOptionalValue(ADMIN_PASSWORD, String.class).orElse("");
    }

    /** The memory OPEN indexes may hold before the least recently used are closed ahead of their TTL. */
    public long memoryBudgetBytes() {
        return memoryBudgetBytes;
    }

    /** Which field values are analyzed as text and which are indexed whole, in an index no pattern names. */
    public FieldTypes fieldTypes() {
        return fieldTypes.all();
    }

    /** The field types of {@code index} (see {@link IndexFieldTypes}). */
    public FieldTypes fieldTypes(String index) {
        return fieldTypes.forIndex(index);
    }

    @Override
    public Set<String> textFields(String index) {
        return fieldTypes(index).textFields();
    }

    @Override
    public int keywordMaxLength() {
        return fieldTypes.all().keywordMaxLength();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path indexesDir() {
        return dataDir.resolve("indexes");
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public Duration indexTtl() {
        return indexTtl;
    }

    public Duration indexSealAfter() {
        return indexSealAfter;
    }

    public int ingestPartitions() {
        return ingestPartitions;
    }

    public int processorThreads() {
        return processorThreads;
    }

    /** How many other nodes keep a standby copy of each partition (fewer when the cluster is smaller). */
    @Override
    public int replicas() {
        return replicas;
    }

    @Override
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxDocumentBytes() {
        return maxDocumentBytes;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int maxFields() {
        return maxFields;
    }

    public int ackTimeoutMs() {
        return ackTimeoutMs;
    }

    public long refreshTimeoutMs() {
        return refreshTimeoutMs;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    public Duration ingestRetention() {
        return ingestRetention;
    }

    public long diskMinFreeBytes() {
        return diskMinFreeBytes;
    }

    /** True if the logs of {@code index} are spread over every partition rather than keyed by its name. */
    public boolean isSpread(String index) {
        for (String pattern : spread) {
            if (IndexPattern.covers(pattern, index)) {
                return true;
            }
        }
        return false;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The host other nodes and clients reach this node at. */
    public String advertisedHost() {
        return advertisedHost;
    }

    /** This node's URL for clients: {@code http://<advertised host>:<http port>}. */
    public String nodeUrl() {
        return "http://" + advertisedHost + ":" + httpPort;
    }

    public int rpcPort() {
        return rpcPort;
    }

    /** False when the RPC port is the default (HTTP + 1000), which may fall back to any free port. */
    public boolean rpcPortSet() {
        return rpcPortSet;
    }

    /** The configured cluster secret, or empty (then the Kafka cluster's id serves as one). */
    public String clusterSecret() {
        return clusterSecret;
    }

    /** Where this node keeps, per partition of observer.ingest, the offset its stores hold everything below. */
    public Path partitionsDir() {
        return dataDir.resolve("partitions");
    }

    /** Where the oplog archive lives. */
    public Path oplogDir() {
        return dataDir.resolve("oplog");
    }

    /** Where snapshots are written. */
    public Path snapshotsDir() {
        return dataDir.resolve("snapshots");
    }

    /** Where damaged index files are set aside, and rebuilds are staged. */
    public Path quarantineDir() {
        return dataDir.resolve("quarantine");
    }

    /**
     * This data directory's id, made at its first start ({@code <data>/node.id}): it tells this
     * node's oplog entries from those of other nodes on the same host sharing the topic.
     */
    private static String nodeId(Path dataDir) {
        Path file = dataDir.resolve("node.id");
        try {
            if (java.nio.file.Files.exists(file)) {
                return java.nio.file.Files.readString(file).trim();
            }
            java.nio.file.Files.createDirectories(dataDir);
            String id = java.util.UUID.randomUUID().toString().substring(0, 8);
            Path temp = dataDir.resolve("node.id.tmp");
            java.nio.file.Files.writeString(temp, id);
            java.nio.file.Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep this node's id in " + file, e);
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private String string(String name) {
        String value = config.getValue(name, String.class).trim();
        if (value.isEmpty()) {
            throw invalid(name, value, "a non-empty value");
        }
        return value;
    }

    private long positive(String name) {
        String raw = string(name);
        try {
            long value = Long.parseLong(raw);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, raw, "a positive whole number");
    }

    private int port(String name, boolean zeroAllowed) {
        String raw = string(name);
        try {
            int value = Integer.parseInt(raw);
            if (value > 0 && value < 65536 || zeroAllowed && value == 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, raw, zeroAllowed ? "a port number, or 0" : "a port number");
    }

    private Duration duration(String name) {
        String raw = string(name);
        try {
            Duration d = parseDuration(raw);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // reported below
        }
        throw invalid(name, raw, "a positive duration such as 90s, 10m, 2h, 1d or PT10M");
    }

    /** Parses {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code 500ms} or ISO-8601 {@code PT10M}. */
    public static Duration parseDuration(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new NumberFormatException(raw);
        };
    }

    private static IllegalStateException invalid(String name, String value, String expected) {
        String env = name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return new IllegalStateException("Setting " + name + " (env " + env + ") is '" + value
                + "', expected " + expected);
    }
}
