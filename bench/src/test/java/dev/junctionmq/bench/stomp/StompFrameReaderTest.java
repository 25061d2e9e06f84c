package dev.junctionmq.bench.stomp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StompFrameReaderTest {

    private static StompFrameReader reader(byte[] wire) {
        return new StompFrameReader(new ByteArrayInputStream(wire), 4096);
    }

    private static byte[] wire(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsFramesSkippingHeartBeatsBetweenThem() throws IOException {
        StompFrameReader reader = reader(wire("\n\r\nRECEIPT\nreceipt-id:7\n\n\u0000\n\nCONNECTED\r\nversion:1.2\r\n\r\n\u0000"));
        StompFrameReader.Frame receipt = reader.read();
        assertThat(receipt.command()).isEqualTo("RECEIPT");
        assertThat(receipt.header("receipt-id")).isEqualTo("7");
        assertThat(receipt.body()).isEmpty();
        StompFrameReader.Frame connected = reader.read();
        assertThat(connected.command()).isEqualTo("CONNECTED");
        assertThat(connected.header("version")).isEqualTo("1.2");
    }

    @Test
    void contentLengthBodyMayHoldNulAndFirstRepeatedHeaderWins() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(wire("MESSAGE\nack:a\\c1\nbench-seq:3\nbench-seq:4\ncontent-length:3\n\n"));
        bytes.writeBytes(new byte[] {1, 0, 2, 0});
        StompFrameReader.Frame frame = reader(bytes.toByteArray()).read();
        assertThat(frame.body()).containsExactly(1, 0, 2);
        assertThat(frame.header("bench-seq")).isEqualTo("3");
        assertThat(frame.header("ack")).as("kept escaped, to be sent back as received").isEqualTo("a\\c1");
    }

    @Test
    void bodyWithoutContentLengthEndsAtNul() throws IOException {
        StompFrameReader.Frame frame = reader(wire("ERROR\nmessage:bad\n\nwhy it failed\u0000")).read();
        assertThat(new String(frame.body(), StandardCharsets.UTF_8)).isEqualTo("why it failed");
        assertThat(StompClientConnection.describe(frame)).isEqualTo("ERROR 'bad': why it failed");
    }

    @Test
    void flushesBeforeWaitingForTheSocket() throws IOException {
        int[] flushes = {0};
        StompFrameReader reader = reader(wire("RECEIPT\nreceipt-id:1\n\n\u0000"));
        reader.flushBeforeBlocking(() -> flushes[0]++);
        reader.read();
        assertThat(flushes[0]).isEqualTo(1);
    }

    @Test
    void refusesOversizedAndTruncatedFrames() {
        assertThatThrownBy(() -> reader(wire("MESSAGE\ncontent-length:99999\n\n")).read())
                .isInstanceOf(IOException.class).hasMessageContaining("content-length 99999");
        assertThatThrownBy(() -> reader(wire("MESSAGE\nx:" + "y".repeat(5000) + "\n\n\u0000")).read())
                .isInstanceOf(IOException.class).hasMessageContaining("larger than 4096");
        assertThatThrownBy(() -> reader(wire("MESSAGE\nx:y\n")).read()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader(wire("MESSAGE\nno colon\n\n\u0000")).read())
                .isInstanceOf(IOException.class).hasMessageContaining("malformed header");
    }

    @Test
    void writerPutsContentLengthOnNonEmptyBodies() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StompFrameWriter writer = new StompFrameWriter(out);
        writer.command("SEND").header("destination", "/queue/a").header("bench-seq", 5).end(new byte[] {'x', 0});
        writer.command("ACK").header("id", "a\\c1").end(new byte[0]);
        assertThat(out.size()).as("buffered until flushed").isZero();
        writer.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "SEND\ndestination:/queue/a\nbench-seq:5\ncontent-length:2\n\nx\u0000\u0000ACK\nid:a\\c1\n\n\u0000");
    }
}
