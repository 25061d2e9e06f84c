package dev.junctionmq.it.stomp;

import dev.junctionmq.it.InProcessBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end in a real browser: headless Chromium (Debian's) opens a page that uses @stomp/stompjs over the broker's
 * WebSocket endpoint ({@code /stomp} on the HTTP port), subscribes to a topic, receives a message that a Java client
 * sent, and answers on a queue that the Java client receives from. Payloads are compared byte for byte both ways.
 *
 * <p>The Java side is standard JMS code: Apache Qpid JMS over the broker's AMQP 1.0 listener ({@link QpidJmsPeer}),
 * so the test also proves that a STOMP web page and a JMS application share one set of topics and queues.
 */
class StompBrowserIT {

    private static final Duration BROWSER_STEP = Duration.ofSeconds(90);
    private static final Duration MESSAGE_WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(StompBrokers::config);

    private BrowserPageServer pages;
    private JavaMessagingPeer java;

    @BeforeEach
    void start() throws Exception {
        ChromiumPageDriver.checkInstalled(); // fail at once, with the fix, rather than time out later
        Path project = ChromiumPageDriver.nodeProject();
        pages = broker.closeAfterTest(new BrowserPageServer(Map.of(
                "/roundtrip.html", project.resolve("roundtrip.html"),
                "/stomp.umd.min.js", project.resolve("node_modules/@stomp/stompjs/bundles/stomp.umd.min.js"))));
        java = broker.closeAfterTest(new QpidJmsPeer(broker.broker().listeners().get("amqp").get(0)));
    }

    @Test
    void browserReceivesFromJavaAndAnswersBack() throws Exception {
        String inboxTopic = "browser.inbox";
        String repliesQueue = "browser.replies";
        java.listenOnQueue(repliesQueue);

        String pageUrl = pages.url("/roundtrip.html")
                + "?ws=" + encode("ws://127.0.0.1:" + broker.broker().httpPort() + "/stomp")
                + "&inbox=" + encode("/topic/" + inboxTopic)
                + "&replies=" + encode("/queue/" + repliesQueue);
        ChromiumPageDriver browser = broker.closeAfterTest(ChromiumPageDriver.start(pageUrl, broker.directory()));
        // a topic delivers only to subscribers present at the send: wait until the page's SUBSCRIBE is receipted
        browser.expectLine("SUBSCRIBED", BROWSER_STEP);

        String ping = "ping from Java, h\u00e9llo \u2713 " + UUID.randomUUID();
        java.publishToTopic(inboxTopic, ping.getBytes(StandardCharsets.UTF_8));

        String receivedByPage = new String(Base64.getDecoder().decode(browser.expectLine("RECEIVED ", BROWSER_STEP)),
                StandardCharsets.UTF_8);
        assertThat(receivedByPage).as("what the page received").isEqualTo(ping);

        byte[] reply = java.nextFromQueue(MESSAGE_WAIT);
        assertThat(reply).as("the page's reply within " + MESSAGE_WAIT + browser.diagnostics()).isNotNull();
        assertThat(reply).as("the page's reply, byte for byte")
                .isEqualTo(("pong from the browser: " + ping).getBytes(StandardCharsets.UTF_8));
        assertThat(java.nextFromQueue(Duration.ofMillis(300))).as("no second reply").isNull();
        assertThat(browser.awaitExit(BROWSER_STEP)).as("driver exit status" + browser.diagnostics()).isZero();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
