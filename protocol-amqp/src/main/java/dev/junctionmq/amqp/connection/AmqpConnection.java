package dev.junctionmq.amqp.connection;

import dev.junctionmq.amqp.address.AmqpAddress;
import dev.junctionmq.amqp.message.AmqpCodec;
import dev.junctionmq.amqp.sasl.SaslAuthenticator;
import dev.junctionmq.broker.security.AuthenticationException;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.BrokerSession;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transaction.Coordinator;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One AMQP connection's protocol state, from open to close (AMQP 1.0 part 2, 2.4-2.7): its broker session, its
 * links and its transactions. Proton-J events arrive here on the channel's event loop (see
 * {@link AmqpConnectionHandler}); links are created by their attach and routed by the terminus: a coordinator
 * target → {@link CoordinatorLink}; any other target → {@link ProducerLink}; a source with distribution-mode copy
 * → {@link BrowserLink}; any other source → {@link ConsumerLink}.
 */
final class AmqpConnection {

    private static final Logger log = LoggerFactory.getLogger(AmqpConnection.class);
    static final Symbol DELAYED_DELIVERY = Symbol.valueOf("DELAYED_DELIVERY");
    static final Symbol SHARED_SUBS = Symbol.valueOf("SHARED-SUBS");
    private static final Symbol COPY = Symbol.valueOf("copy");

    final AmqpConnectionHandler handler;
    final BrokerServices services;
    final AmqpSettings settings;
    final AmqpCodec codec = new AmqpCodec();
    final String connectionId;
    final String remote;
    final InetSocketAddress remoteAddress;
    /** Unique for this connection, stored with each message it sends (StoredAmqp.ORIGIN, for no-local). */
    final String origin = java.util.UUID.randomUUID().toString();
    private final Connection connection;
    private final SaslAuthenticator sasl;
    private final Map<Binary, AmqpTransaction> transactions = new HashMap<>();
    private final Map<Link, AmqpLink> links = new LinkedHashMap<>();
    private BrokerSession session;
    private String containerId;
    private long transactionSequence;
    private long linkSequence;
    private boolean open;
    private boolean ended;

    AmqpConnection(AmqpConnectionHandler handler, BrokerServices services, AmqpSettings settings,
                   Connection connection, SaslAuthenticator sasl, String connectionId, String remote,
                   SocketAddress remoteAddress) {
        this.handler = handler;
        this.services = services;
        this.settings = settings;
        this.connection = connection;
        this.sasl = sasl;
        this.connectionId = connectionId;
        this.remote = remote;
        this.remoteAddress = remoteAddress instanceof InetSocketAddress inet ? inet : null;
    }

    boolean isOpen() {
        return open;
    }

    BrokerSession session() {
        return session;
    }

    String containerId() {
        return containerId;
    }

    void onEvent(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> onOpen();
            case CONNECTION_REMOTE_CLOSE -> onClose();
            case SESSION_REMOTE_OPEN -> onSessionOpen(event.getSession());
            case SESSION_REMOTE_CLOSE -> onSessionClose(event.getSession());
            case LINK_REMOTE_OPEN -> onAttach(event.getLink());
            case LINK_REMOTE_DETACH -> onDetach(event.getLink(), false);
            case LINK_REMOTE_CLOSE -> onDetach(event.getLink(), true);
            case LINK_FLOW -> {
                AmqpLink link = links.get(event.getLink());
                if (link != null) {
                    link.onFlow();
                }
            }
            case DELIVERY -> {
                AmqpLink link = links.get(event.getDelivery().getLink());
                if (link != null) {
                    link.onDelivery(event.getDelivery());
                }
            }
            case TRANSPORT_ERROR -> {
                ErrorCondition condition = event.getTransport().getCondition();
                log.info("AMQP connection {} from {}: transport error {}", connectionId, remote,
                        condition == null ? "" : condition.getCondition() + " " + condition.getDescription());
            }
            default -> {
                // other events need no action
            }
        }
    }

    /** AMQP 1.0 part 2, 2.7.1 "open". */
    private void onOpen() {
        handler.connectionOpened();
        containerId = connection.getRemoteContainer();
        BrokerPrincipal principal = sasl.principal();
        if (principal == null) {
            try {
                principal = services.auth().authenticate(null, null); // SASL skipped: anonymous
            } catch (AuthenticationException e) {
                connection.setCondition(new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS,
                        "authentication required: use SASL PLAIN with a user name and password"));
                connection.open();
                connection.close();
                return;
            }
        }
        session = services.openSession(principal, containerId != null ? containerId : connectionId, remote);
        open = true;
        connection.setContainer("junction");
        connection.setOfferedCapabilities(new Symbol[] {DELAYED_DELIVERY, SHARED_SUBS});
        Map<Symbol, Object> properties = new HashMap<>();
        properties.put(Symbol.valueOf("product"), "Junction");
        properties.put(Symbol.valueOf("version"), "0.1");
        connection.setProperties(properties);
        connection.open();
        log.info("AMQP connection {} from {}: open as '{}' (container-id '{}')", connectionId, remote, principal,
                containerId);
    }

    private void onClose() {
        endLinks();
        connection.close();
        log.info("AMQP connection {} from {}: closed by the client", connectionId, remote);
    }

    /** Closes the connection with an error (AMQP 1.0 part 2, 2.7.9), e.g. framing or internal errors. */
    void fail(ErrorCondition condition) {
        if (connection.getLocalState() == EndpointState.CLOSED) {
            return;
        }
        log.info("AMQP connection {} from {}: closing with {}: {}", connectionId, remote, condition.getCondition(),
                condition.getDescription());
        endLinks();
        connection.setCondition(condition);
        if (connection.getLocalState() == EndpointState.UNINITIALIZED) {
            connection.open();
        }
        connection.close();
    }

    private void onSessionOpen(Session protonSession) {
        if (!open) {
            protonSession.close();
            return;
        }
        protonSession.open();
    }

    private void onSessionClose(Session protonSession) {
        for (Link link : List.copyOf(links.keySet())) {
            if (link.getSession() == protonSession) {
                AmqpLink amqpLink = links.remove(link);
                amqpLink.onDetach(false);
            }
        }
        protonSession.close();
        protonSession.free();
    }

    /** AMQP 1.0 part 2, 2.7.3 "attach", and part 3, 3.5 (source and target). */
    private void onAttach(Link link) {
        if (!open) {
            refuse(link, new ErrorCondition(AmqpError.ILLEGAL_STATE, "the connection is not open"));
            return;
        }
        String linkKey = Long.toString(++linkSequence);
        try {
            AmqpLink amqpLink;
            if (link instanceof Receiver receiver) {
                if (link.getRemoteTarget() instanceof Coordinator) {
                    amqpLink = new CoordinatorLink(this, receiver);
                } else {
                    amqpLink = new ProducerLink(this, receiver, (Target) link.getRemoteTarget());
                }
            } else {
                Sender sender = (Sender) link;
                Source source = (Source) link.getRemoteSource();
                if (source == null) {
                    amqpLink = SubscriptionLookupLink.attach(this, sender);
                } else if (isBrowser(source)) {
                    amqpLink = new BrowserLink(this, sender, source);
                } else {
                    amqpLink = new ConsumerLink(this, sender, source, linkKey);
                }
            }
            links.put(link, amqpLink);
        } catch (RuntimeException e) {
            ErrorCondition condition = AmqpErrors.of(e);
            log.info("AMQP connection {}: attach of link '{}' refused: {} {}", connectionId, link.getName(),
                    condition.getCondition(), condition.getDescription());
            refuse(link, condition);
        }
    }

    /**
     * A queue browser: distribution-mode copy on a queue (Qpid JMS QueueBrowser). Topic subscriptions may ask for
     * copy too (Qpid JMS durable subscribers do): on a topic every subscription gets a copy anyway.
     */
    private boolean isBrowser(Source source) {
        return source != null && !source.getDynamic() && COPY.equals(source.getDistributionMode())
                && AmqpAddress.resolve(source.getAddress(), source.getCapabilities(), settings.prefixes()).kind()
                == AmqpAddress.Kind.QUEUE;
    }

    /** Answers an attach that cannot be served: a null terminus, then detach with the error (part 2, 2.6.3). */
    private static void refuse(Link link, ErrorCondition condition) {
        if (link instanceof Sender) {
            link.setSource(null);
            link.setTarget(link.getRemoteTarget());
        } else {
            link.setTarget(null);
            link.setSource(link.getRemoteSource());
        }
        link.setCondition(condition);
        link.open();
        link.close();
    }

    private void onDetach(Link link, boolean closed) {
        AmqpLink amqpLink = links.remove(link);
        if (amqpLink != null) {
            try {
                amqpLink.onDetach(closed);
            } catch (SubscriptionLookupLink.SubscriptionInUseException e) {
                link.setCondition(new ErrorCondition(AmqpError.RESOURCE_LOCKED, e.getMessage()));
            } catch (RuntimeException e) {
                link.setCondition(AmqpErrors.of(e));
            }
        }
        if (closed) {
            link.close();
        } else {
            link.detach();
        }
        // Proton keeps links by name per session: free this one, or a new attach of the same name (a durable
        // subscriber after its unsubscribe lookup) would be matched to it
        link.free();
    }

    void onWritable() {
        for (AmqpLink link : List.copyOf(links.values())) {
            link.onWritable();
        }
    }

    /** Closes one link from the broker's side with an error. */
    void closeLink(Link link, ErrorCondition condition) {
        AmqpLink amqpLink = links.remove(link);
        if (amqpLink != null) {
            amqpLink.onDetach(false);
        }
        link.setCondition(condition);
        link.close();
    }

    // ---- transactions (AMQP 1.0 part 4) ----

    Binary declareTransaction() {
        Binary id = new Binary(Long.toString(++transactionSequence).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        transactions.put(id, new AmqpTransaction(session.beginTransaction()));
        return id;
    }

    AmqpTransaction transaction(Binary id) {
        return id == null ? null : transactions.get(id);
    }

    AmqpTransaction dischargeTransaction(Binary id) {
        return id == null ? null : transactions.remove(id);
    }

    // ---- ending ----

    private void endLinks() {
        if (ended) {
            return;
        }
        ended = true;
        for (AmqpLink link : new ArrayList<>(links.values())) {
            link.onDetach(false);
        }
        links.clear();
        for (AmqpTransaction transaction : transactions.values()) {
            transaction.rollback();
        }
        transactions.clear();
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                // e.g. a temporary topic's files already gone: the connection ends regardless
                log.warn("AMQP connection {} from {}: closing its broker session failed: {}", connectionId, remote,
                        e.toString());
            }
        }
    }

    void onChannelClosed() {
        endLinks();
        if (open) {
            log.info("AMQP connection {} from {}: connection ended", connectionId, remote);
        } else {
            log.debug("AMQP connection {} from {} ended before open", connectionId, remote);
        }
    }
}
