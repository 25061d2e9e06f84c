package dev.junctionmq.it.amqp;

import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Publish/subscribe with Apache Qpid JMS over AMQP 1.0: subscribers, durable subscriptions, selectors, no-local. */
class AmqpTopicIT {

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(AmqpBrokers::config);

    private Connection connect(String clientId) throws JMSException {
        Connection connection = broker.closeAfterTest(AmqpBrokers.factory(broker.broker()).createConnection());
        if (clientId != null) {
            connection.setClientID(clientId);
        }
        connection.start();
        return connection;
    }

    private static List<String> receiveTexts(MessageConsumer consumer, int count) throws JMSException {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message message = consumer.receive(10_000);
            assertThat(message).as("message %d of %d", i, count).isNotNull();
            texts.add(((TextMessage) message).getText());
        }
        return texts;
    }

    @Test
    void everySubscriberOfATopicGetsEveryMessage() throws Exception {
        Session first = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session second = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = first.createTopic("news");
        MessageConsumer a = first.createConsumer(topic);
        MessageConsumer b = second.createConsumer(topic);
        MessageProducer producer = first.createProducer(topic);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add("headline-" + i);
            producer.send(first.createTextMessage("headline-" + i));
        }
        assertThat(receiveTexts(a, 20)).containsExactlyElementsOf(sent);
        assertThat(receiveTexts(b, 20)).containsExactlyElementsOf(sent);
        assertThat(a.receive(200)).isNull();
        assertThat(b.receive(200)).isNull();
    }

    @Test
    void aNewNonDurableSubscriberSeesOnlyLaterMessages() throws Exception {
        Session session = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("late");
        MessageProducer producer = session.createProducer(topic);
        MessageConsumer early = session.createConsumer(topic);
        producer.send(session.createTextMessage("before"));
        // once an earlier subscriber has it, "before" is surely dispatched before the new subscriber starts
        assertThat(receiveTexts(early, 1)).containsExactly("before");
        MessageConsumer consumer = session.createConsumer(topic);
        producer.send(session.createTextMessage("after"));
        assertThat(receiveTexts(consumer, 1)).containsExactly("after");
        assertThat(consumer.receive(200)).isNull();
    }

    @Test
    void durableSubscriptionKeepsMessagesWhileDisconnected() throws Exception {
        Connection subscriberConnection = connect("app1");
        Session session = subscriberConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("prices");
        MessageConsumer durable = session.createDurableConsumer(topic, "feed");
        Session publisher = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = publisher.createProducer(topic);
        producer.send(publisher.createTextMessage("p1"));
        assertThat(receiveTexts(durable, 1)).containsExactly("p1");
        subscriberConnection.close(); // closing it again after the test does nothing

        producer.send(publisher.createTextMessage("p2"));
        producer.send(publisher.createTextMessage("p3"));

        Session again = connect("app1").createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer resumed = again.createDurableConsumer(topic, "feed");
        assertThat(receiveTexts(resumed, 2)).containsExactly("p2", "p3");
        assertThat(resumed.receive(200)).isNull();
    }

    @Test
    void unsubscribeDeletesTheDurableSubscription() throws Exception {
        Session session = connect("app2").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("alerts");
        MessageProducer producer = session.createProducer(topic);
        MessageConsumer durable = session.createDurableConsumer(topic, "watch");
        producer.send(session.createTextMessage("a1"));
        assertThat(receiveTexts(durable, 1)).containsExactly("a1");
        durable.close();
        producer.send(session.createTextMessage("a2")); // kept for the subscription until it is deleted
        session.unsubscribe("watch");
        MessageConsumer fresh = session.createDurableConsumer(topic, "watch");
        producer.send(session.createTextMessage("a3"));
        assertThat(receiveTexts(fresh, 1)).containsExactly("a3");
        assertThat(fresh.receive(200)).isNull();
        fresh.close();
        session.unsubscribe("watch");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.unsubscribe("never-subscribed"))
                .isInstanceOf(jakarta.jms.InvalidDestinationException.class);
    }

    @Test
    void temporaryTopicReachesItsSubscribers() throws Exception {
        Session session = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        jakarta.jms.TemporaryTopic temporary = session.createTemporaryTopic();
        MessageConsumer a = session.createConsumer(temporary);
        MessageConsumer b = session.createConsumer(temporary);
        Session other = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        other.createProducer(temporary).send(other.createTextMessage("to both"));
        assertThat(receiveTexts(a, 1)).containsExactly("to both");
        assertThat(receiveTexts(b, 1)).containsExactly("to both");
    }

    /** Clients without Qpid JMS capabilities choose queue or topic by the configured prefixes, which are stripped. */
    @Test
    void addressPrefixesChooseQueueOrTopicForPlainAmqpClients() throws Exception {
        Session session = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer topicSubscriber = session.createConsumer(session.createTopic("px"));
        MessageConsumer queueReceiver = session.createConsumer(session.createQueue("qx"));
        try (ProtonSocketClient client = new ProtonSocketClient(AmqpBrokers.amqpAddress(broker.broker()))) {
            client.handshake();
            assertThat(client.sendMessage("topic://px", encodedText("to the topic")).getRemoteCondition().getCondition() == null).isTrue();
        }
        try (ProtonSocketClient client = new ProtonSocketClient(AmqpBrokers.amqpAddress(broker.broker()))) {
            client.handshake();
            assertThat(client.sendMessage("queue://qx", encodedText("to the queue")).getRemoteCondition().getCondition() == null).isTrue();
        }
        assertThat(receiveTexts(topicSubscriber, 1)).containsExactly("to the topic");
        assertThat(receiveTexts(queueReceiver, 1)).containsExactly("to the queue");
    }

    private static byte[] encodedText(String text) {
        org.apache.qpid.proton.message.Message message = org.apache.qpid.proton.Proton.message();
        message.setBody(new org.apache.qpid.proton.amqp.messaging.AmqpValue(text));
        byte[] buffer = new byte[1024];
        return java.util.Arrays.copyOf(buffer, message.encode(buffer, 0, buffer.length));
    }

    @Test
    void selectorsFilterOnApplicationProperties() throws Exception {
        Session session = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("colors");
        MessageConsumer reds = session.createConsumer(topic, "color = 'red'");
        MessageConsumer notRed = session.createConsumer(topic, "color <> 'red' OR color IS NULL");
        MessageProducer producer = session.createProducer(topic);
        for (String color : new String[] {"red", "blue", "red", "green"}) {
            TextMessage message = session.createTextMessage(color);
            message.setStringProperty("color", color);
            producer.send(message);
        }
        producer.send(session.createTextMessage("none"));
        assertThat(receiveTexts(reds, 2)).containsExactly("red", "red");
        assertThat(receiveTexts(notRed, 3)).containsExactly("blue", "green", "none");
        assertThat(reds.receive(200)).isNull();
    }

    @Test
    void anInvalidSelectorIsRefused() throws Exception {
        Session session = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("bad-selector");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.createConsumer(topic, "color = = 'x'"))
                .isInstanceOf(JMSException.class);
        // the connection still works
        MessageConsumer consumer = session.createConsumer(topic);
        session.createProducer(topic).send(session.createTextMessage("ok"));
        assertThat(receiveTexts(consumer, 1)).containsExactly("ok");
    }

    @Test
    void noLocalSubscriberSkipsItsOwnConnectionsMessages() throws Exception {
        Connection connection = connect(null);
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("chat");
        MessageConsumer noLocal = session.createConsumer(topic, null, true);
        session.createProducer(topic).send(session.createTextMessage("mine"));
        Session other = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        other.createProducer(topic).send(other.createTextMessage("theirs"));
        assertThat(receiveTexts(noLocal, 1)).containsExactly("theirs");
        assertThat(noLocal.receive(200)).isNull();
    }
}
