package dev.junctionmq.broker.config;

import dev.junctionmq.broker.store.FlushMode;
import dev.junctionmq.broker.store.StoreConfig;
import dev.junctionmq.broker.tls.TlsSettings;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The broker's one configuration file ({@code conf/broker.conf}, Java properties syntax). Every key has a default
 * here and is documented in that file; values may be overridden with {@code -Djunction.<key>=<value>}.
 */
public final class BrokerConfig {

    public static final String DATA_DIR = "data.dir";
    public static final String FLUSH_MODE = "store.flush.mode";
    public static final String FLUSH_INTERVAL_MS = "store.flush.intervalMs";
    public static final String FLUSH_THRESHOLD_BYTES = "store.flush.thresholdBytes";
    public static final String SEGMENT_SIZE = "store.commitlog.segmentSize";
    public static final String PREALLOCATE = "store.commitlog.preallocate";
    public static final String MAX_MESSAGE_SIZE = "store.maxMessageSize";
    public static final String RECORD_CRC = "store.recordCrc";
    public static final String CONSUME_QUEUE_ENTRIES = "store.consumequeue.entriesPerSegment";
    public static final String INDEX_HASH_SLOTS = "store.index.hashSlots";
    public static final String INDEX_MAX_ENTRIES = "store.index.maxEntries";
    public static final String CHECKPOINT_INTERVAL_MS = "store.checkpoint.intervalMs";
    public static final String RETENTION_HOURS = "store.retention.hours";
    public static final String RETENTION_MAX_BYTES = "store.retention.maxBytes";
    public static final String RETENTION_DISK_RATIO = "store.retention.diskMaxUsedRatio";
    public static final String RETENTION_CHECK_INTERVAL_MS = "store.retention.checkIntervalMs";
    public static final String AUTO_CREATE_TOPICS = "broker.autoCreateTopics";
    public static final String DEFAULT_QUEUES = "broker.defaultQueuesPerTopic";
    public static final String MAX_RECONSUME_TIMES = "broker.maxReconsumeTimes";
    public static final String RETRY_DELAY_MS = "broker.retryDelayMs";
    public static final String VISIBILITY_TIMEOUT_MS = "broker.visibilityTimeoutMs";
    public static final String DELIVERY_THREADS = "broker.deliveryThreads";
    public static final String SECURITY_FILE = "security.file";
    public static final String NETWORK_HOST = "network.host";
    public static final String HANDSHAKE_TIMEOUT_MS = "network.handshakeTimeoutMs";
    public static final String IO_THREADS = "network.ioThreads";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_TLS_PORT = "http.tls.port";
    public static final String HTTP_TLS_ENABLED = "http.tls.enabled";
    public static final String BROKER_NAME = "broker.name";
    public static final String CLUSTER_NAME = "broker.cluster";
    public static final String NAMESERVER_EMBEDDED = "nameserver.embedded";
    public static final String NAMESERVER_PORT = "nameserver.port";
    /** Prefixes of front-end sections: {@code <name>.port}, {@code <name>.enabled}, and the front end's own keys. */
    public static final Set<String> FRONT_END_SECTIONS = Set.of("amqp", "stomp", "mqtt", "native");

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry(DATA_DIR, "./data"),
            Map.entry(FLUSH_MODE, FlushMode.ASYNC_FLUSH.name()),
            Map.entry(FLUSH_INTERVAL_MS, "500"),
            Map.entry(FLUSH_THRESHOLD_BYTES, Long.toString(16L * 1024 * 1024)),
            Map.entry(SEGMENT_SIZE, Integer.toString(StoreConfig.DEFAULT_COMMIT_LOG_SEGMENT_SIZE)),
            Map.entry(PREALLOCATE, "true"),
            Map.entry(MAX_MESSAGE_SIZE, Integer.toString(StoreConfig.DEFAULT_MAX_MESSAGE_SIZE)),
            Map.entry(RECORD_CRC, "true"),
            Map.entry(CONSUME_QUEUE_ENTRIES, Integer.toString(StoreConfig.DEFAULT_CONSUME_QUEUE_ENTRIES_PER_SEGMENT)),
            Map.entry(INDEX_HASH_SLOTS, "5000000"),
            Map.entry(INDEX_MAX_ENTRIES, "20000000"),
            Map.entry(CHECKPOINT_INTERVAL_MS, "1000"),
            Map.entry(RETENTION_HOURS, "72"),
            Map.entry(RETENTION_MAX_BYTES, "0"),
            Map.entry(RETENTION_DISK_RATIO, "0.90"),
            Map.entry(RETENTION_CHECK_INTERVAL_MS, "10000"),
            Map.entry(AUTO_CREATE_TOPICS, "true"),
            Map.entry(DEFAULT_QUEUES, "8"),
            Map.entry(MAX_RECONSUME_TIMES, "16"),
            Map.entry(RETRY_DELAY_MS, "0"),
            Map.entry(VISIBILITY_TIMEOUT_MS, "900000"),
            Map.entry(DELIVERY_THREADS, "0"),
            Map.entry(SECURITY_FILE, ""),
            Map.entry(NETWORK_HOST, "0.0.0.0"),
            Map.entry(HANDSHAKE_TIMEOUT_MS, "5000"),
            Map.entry(IO_THREADS, "0"),
            Map.entry(HTTP_PORT, "8161"),
            Map.entry(BROKER_NAME, "broker-a"),
            Map.entry(CLUSTER_NAME, "DefaultCluster"),
            Map.entry(NAMESERVER_EMBEDDED, "true"),
            Map.entry(NAMESERVER_PORT, "9876"),
            Map.entry(HTTP_TLS_PORT, "8443"),
            Map.entry(HTTP_TLS_ENABLED, "true"),
            Map.entry(TlsSettings.KEY_STORE, ""),
            Map.entry(TlsSettings.KEY_STORE_PASSWORD, ""),
            Map.entry(TlsSettings.KEY_STORE_TYPE, "PKCS12"),
            Map.entry(TlsSettings.TRUST_STORE, ""),
            Map.entry(TlsSettings.TRUST_STORE_PASSWORD, ""),
            Map.entry(TlsSettings.CLIENT_AUTH, "none"),
            Map.entry(TlsSettings.PROTOCOLS, "TLSv1.3,TLSv1.2"));

    private final Properties values;

    private BrokerConfig(Properties values) {
        this.values = values;
    }

    /** Defaults, then {@code file} if given, then {@code -Djunction.*} system properties. */
    public static BrokerConfig load(Path file) {
        Properties values = new Properties();
        values.putAll(DEFAULTS);
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Properties fromFile = new Properties();
                fromFile.load(reader);
                values.putAll(fromFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration file " + file.toAbsolutePath(), e);
            }
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("junction.")) {
                values.setProperty(name.substring("junction.".length()), System.getProperty(name));
            }
        }
        return new BrokerConfig(values);
    }

    public BrokerConfig with(String key, String value) {
        Properties copy = new Properties();
        copy.putAll(values);
        copy.setProperty(key, value);
        return new BrokerConfig(copy);
    }

    /** Keys that are set but mean nothing to this broker: usually typos, worth a warning. */
    public Set<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>(values.stringPropertyNames());
        unknown.removeAll(DEFAULTS.keySet());
        unknown.removeIf(key -> FRONT_END_SECTIONS.contains(key.substring(0, Math.max(0, key.indexOf('.')))));
        return unknown;
    }

    public String get(String key) {
        return values.getProperty(key);
    }

    /** The keys of one front end's section, without the {@code <name>.} prefix. */
    public Map<String, String> section(String name) {
        Map<String, String> section = new java.util.HashMap<>();
        String prefix = name + ".";
        for (String key : values.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                section.put(key.substring(prefix.length()), values.getProperty(key));
            }
        }
        return section;
    }

    public boolean booleanValue(String key) {
        return Boolean.parseBoolean(get(key).trim());
    }

    public int intSetting(String key) {
        return intValue(key);
    }

    public long longSetting(String key) {
        return longValue(key);
    }

    public Path dataDir() {
        return Path.of(get(DATA_DIR));
    }

    public StoreConfig storeConfig() {
        return StoreConfig.builder(dataDir())
                .flushMode(FlushMode.valueOf(get(FLUSH_MODE).trim().toUpperCase(Locale.ROOT)))
                .asyncFlushInterval(Duration.ofMillis(longValue(FLUSH_INTERVAL_MS)))
                .asyncFlushBytes(longValue(FLUSH_THRESHOLD_BYTES))
                .commitLogSegmentSize(intValue(SEGMENT_SIZE))
                .preallocate(booleanValue(PREALLOCATE))
                .maxMessageSize(intValue(MAX_MESSAGE_SIZE))
                .appendRecordCrc(Boolean.parseBoolean(get(RECORD_CRC).trim()))
                .consumeQueueEntriesPerSegment(intValue(CONSUME_QUEUE_ENTRIES))
                .indexHashSlots(intValue(INDEX_HASH_SLOTS))
                .indexMaxEntries(intValue(INDEX_MAX_ENTRIES))
                .checkpointInterval(Duration.ofMillis(longValue(CHECKPOINT_INTERVAL_MS)))
                .retentionTime(Duration.ofHours(longValue(RETENTION_HOURS)))
                .retentionMaxBytes(longValue(RETENTION_MAX_BYTES))
                .diskMaxUsedRatio(Double.parseDouble(get(RETENTION_DISK_RATIO).trim()))
                .retentionCheckInterval(Duration.ofMillis(longValue(RETENTION_CHECK_INTERVAL_MS)))
                .build();
    }

    private int intValue(String key) {
        long value = longValue(key);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("configuration key " + key + " is out of range: " + value);
        }
        return (int) value;
    }

    private long longValue(String key) {
        String raw = get(key).trim();
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key " + key + " must be a whole number, not '" + raw
                    + "'", e);
        }
    }
}
