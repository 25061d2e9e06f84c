package dev.junctionmq.nameserver.route;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The name server's state (ANCHORS §1.16): which brokers are alive, which clusters they belong to and which topics
 * they serve. Thread-safe: one read-write lock around plain maps; every operation is short.
 *
 * <p>Only a master's registration (broker id 0) defines a broker name's topics, and it replaces them whole; a broker
 * name's topics disappear once its last address is gone (unregistered or expired).
 */
public final class RouteTable {

    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** topic → broker name → queues. */
    private final Map<String, TreeMap<String, QueueData>> topics = new HashMap<>();
    /** broker name → cluster and addresses by broker id. */
    private final Map<String, BrokerData> brokers = new TreeMap<>();
    /** cluster → broker names. */
    private final Map<String, TreeSet<String>> clusters = new TreeMap<>();
    /** broker address → last registration. */
    private final Map<String, LiveBroker> live = new HashMap<>();

    public RouteTable(Clock clock) {
        this.clock = clock;
    }

    /** Adds or refreshes a broker; answers the master's address and HA address for a slave (nulls for a master). */
    public RegistrationResult register(BrokerRegistration registration) {
        lock.writeLock().lock();
        try {
            String brokerName = registration.brokerName();
            clusters.computeIfAbsent(registration.clusterName(), c -> new TreeSet<>()).add(brokerName);
            BrokerData previous = brokers.get(brokerName);
            Map<Long, String> addrs = previous == null ? new TreeMap<>() : new TreeMap<>(previous.brokerAddrs());
            // An address that changes role (slave promoted to master) keeps only its new id.
            addrs.values().removeIf(addr -> addr.equals(registration.brokerAddr()));
            addrs.put(registration.brokerId(), registration.brokerAddr());
            brokers.put(brokerName, new BrokerData(registration.clusterName(), brokerName, addrs));
            if (registration.brokerId() == 0) {
                replaceTopics(brokerName, registration.topics());
            }
            live.put(registration.brokerAddr(), new LiveBroker(registration.clusterName(), brokerName,
                    registration.brokerId(), registration.haServerAddr(), clock.millis()));
            if (registration.brokerId() == 0) {
                return new RegistrationResult(null, null);
            }
            String masterAddr = addrs.get(0L);
            LiveBroker master = masterAddr == null ? null : live.get(masterAddr);
            return new RegistrationResult(masterAddr, master == null ? null : master.haServerAddr());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes one broker address; answers whether it was registered. */
    public boolean unregister(String brokerName, String brokerAddr, long brokerId) {
        lock.writeLock().lock();
        try {
            live.remove(brokerAddr);
            return removeAddress(brokerName, brokerAddr, brokerId);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes every broker whose last registration is older than {@code maxSilence}; answers their addresses. */
    public List<String> expireSilentBrokers(Duration maxSilence) {
        long deadline = clock.millis() - maxSilence.toMillis();
        List<String> expired = new ArrayList<>();
        lock.writeLock().lock();
        try {
            for (Iterator<Map.Entry<String, LiveBroker>> it = live.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, LiveBroker> entry = it.next();
                LiveBroker broker = entry.getValue();
                if (broker.lastUpdateMillis() < deadline) {
                    it.remove();
                    removeAddress(broker.brokerName(), entry.getKey(), broker.brokerId());
                    expired.add(entry.getKey());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return expired;
    }

    /** The route of a topic, or empty when no live broker serves it. */
    public Optional<TopicRouteData> route(String topic) {
        lock.readLock().lock();
        try {
            TreeMap<String, QueueData> queues = topics.get(topic);
            if (queues == null || queues.isEmpty()) {
                return Optional.empty();
            }
            List<BrokerData> brokerDatas = new ArrayList<>();
            for (String brokerName : queues.keySet()) {
                BrokerData broker = brokers.get(brokerName);
                if (broker != null) {
                    brokerDatas.add(broker);
                }
            }
            return Optional.of(new TopicRouteData(new ArrayList<>(queues.values()), brokerDatas));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A snapshot of all brokers by name and all broker names by cluster. */
    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, Set<String>> clusterCopy = new LinkedHashMap<>();
            clusters.forEach((cluster, names) -> clusterCopy.put(cluster, new TreeSet<>(names)));
            return new ClusterInfo(new LinkedHashMap<>(brokers), clusterCopy);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void replaceTopics(String brokerName, Map<String, TopicConfig> announced) {
        for (Iterator<Map.Entry<String, TreeMap<String, QueueData>>> it = topics.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, TreeMap<String, QueueData>> topic = it.next();
            if (!announced.containsKey(topic.getKey()) && topic.getValue().remove(brokerName) != null
                    && topic.getValue().isEmpty()) {
                it.remove();
            }
        }
        announced.forEach((name, config) ->
                topics.computeIfAbsent(name, t -> new TreeMap<>()).put(brokerName, QueueData.of(brokerName, config)));
    }

    private boolean removeAddress(String brokerName, String brokerAddr, long brokerId) {
        BrokerData broker = brokers.get(brokerName);
        if (broker == null || !brokerAddr.equals(broker.brokerAddrs().get(brokerId))) {
            return false;
        }
        Map<Long, String> addrs = new TreeMap<>(broker.brokerAddrs());
        addrs.remove(brokerId);
        if (!addrs.isEmpty()) {
            brokers.put(brokerName, new BrokerData(broker.cluster(), brokerName, addrs));
            return true;
        }
        brokers.remove(brokerName);
        TreeSet<String> names = clusters.get(broker.cluster());
        if (names != null && names.remove(brokerName) && names.isEmpty()) {
            clusters.remove(broker.cluster());
        }
        topics.values().removeIf(queues -> queues.remove(brokerName) != null && queues.isEmpty());
        return true;
    }

    private record LiveBroker(String clusterName, String brokerName, long brokerId, String haServerAddr,
                              long lastUpdateMillis) {
    }

    /** What a registering broker is told: its master's address and HA address (both null for a master). */
    public record RegistrationResult(String masterAddr, String haServerAddr) {
    }
}
