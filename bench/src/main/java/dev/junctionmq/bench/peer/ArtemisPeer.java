package dev.junctionmq.bench.peer;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.protocol.ProtocolManagerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * An embedded Apache ActiveMQ Artemis broker, the peer that Junction's protocol benchmarks compare against: same
 * machine, same JVM, persistence on (NIO journal, what {@code artemis create} picks without libaio) in a directory of
 * its own, security off, one acceptor per requested protocol on a spare loopback port.
 *
 * <p>Acceptors map {@code /queue/x} to the anycast address {@code x} and {@code /topic/x} to the multicast address
 * {@code x} (Junction's STOMP destinations); AMQP and MQTT clients use plain address names. The bench module ships
 * {@code artemis-stomp-protocol} and {@code artemis-amqp-protocol}: a benchmark that asks for {@link Protocol#MQTT}
 * adds {@code artemis-mqtt-protocol} to bench/pom.xml, nothing else.
 */
public final class ArtemisPeer implements AutoCloseable {

    /** A protocol Artemis can serve, with the acceptor parameters used for it. */
    public enum Protocol {
        STOMP("STOMP", ";anycastPrefix=/queue/;multicastPrefix=/topic/"),
        AMQP("AMQP", ""),
        MQTT("MQTT", "");

        private final String artemisName;
        private final String extraParameters;

        Protocol(String artemisName, String extraParameters) {
            this.artemisName = artemisName;
            this.extraParameters = extraParameters;
        }
    }

    private final EmbeddedActiveMQ server;
    private final Map<Protocol, InetSocketAddress> acceptors;

    private ArtemisPeer(EmbeddedActiveMQ server, Map<Protocol, InetSocketAddress> acceptors) {
        this.server = server;
        this.acceptors = acceptors;
    }

    /**
     * Starts Artemis with its journal, bindings, paging and large messages under {@code dataDir}.
     *
     * @param syncJournal whether a durable send is acknowledged only after the journal is synced to disk (Artemis's
     *                    default); false keeps persistence but leaves the sync to the operating system
     */
    public static ArtemisPeer start(Path dataDir, Set<Protocol> protocols, boolean syncJournal) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("artemis-peer")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setJournalSyncNonTransactional(syncJournal)
                .setJournalSyncTransactional(syncJournal)
                // a shared benchmark disk may be fuller than Artemis's default 90 % limit, which blocks producers
                .setMaxDiskUsage(100);
        requireProtocolModules(protocols);
        Map<Protocol, InetSocketAddress> acceptors = new EnumMap<>(Protocol.class);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (Protocol protocol : protocols) {
            InetSocketAddress address = new InetSocketAddress(loopback, sparePort());
            config.addAcceptorConfiguration(protocol.name().toLowerCase(Locale.ROOT),
                    "tcp://" + address.getHostString() + ":" + address.getPort() + "?protocols="
                            + protocol.artemisName + protocol.extraParameters);
            acceptors.put(protocol, address);
        }
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(config);
        server.start();
        return new ArtemisPeer(server, acceptors);
    }

    /**
     * Artemis only logs a warning for an acceptor whose protocol module is missing, and the benchmark would then time
     * out against a port that speaks nothing: fail at once instead, naming the jar to add.
     */
    private static void requireProtocolModules(Set<Protocol> protocols) {
        Set<String> available = new HashSet<>();
        ServiceLoader.load(ProtocolManagerFactory.class).forEach(f -> available.addAll(List.of(f.getProtocols())));
        for (Protocol protocol : protocols) {
            if (!available.contains(protocol.artemisName)) {
                throw new IllegalStateException("Artemis cannot serve " + protocol + ": add artemis-"
                        + protocol.name().toLowerCase(Locale.ROOT) + "-protocol to bench/pom.xml");
            }
        }
    }

    /** Where the acceptor for {@code protocol} listens. */
    public InetSocketAddress address(Protocol protocol) {
        InetSocketAddress address = acceptors.get(protocol);
        if (address == null) {
            throw new IllegalArgumentException("Artemis was started without a " + protocol + " acceptor");
        }
        return address;
    }

    /** A port free right now (Artemis acceptors need a fixed port; the gap until it binds is short). */
    private static int sparePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
