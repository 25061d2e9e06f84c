package dev.junctionmq.it.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw socket speaking bytes of MQTT, for tests of what a well-behaved client library never sends. */
final class RawMqttClient implements AutoCloseable {

    /** One packet as read: the first byte and the rest after the remaining length. */
    record Packet(int header, byte[] body) {
        int type() {
            return header >> 4;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawMqttClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static byte[] utf8(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 2];
        out[0] = (byte) (b.length >> 8);
        out[1] = (byte) b.length;
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }

    static byte[] packet(int header, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(header);
        int length = body.size();
        do {
            int digit = length % 128;
            length /= 128;
            p.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        p.writeBytes(body.toByteArray());
        return p.toByteArray();
    }

    /** CONNECT with clean session, no credentials, no will. */
    static byte[] connect(String protocolName, int level, String clientId, int keepAlive) {
        return connect(protocolName, level, clientId, keepAlive, true);
    }

    /** CONNECT without credentials or will; {@code cleanSession} false asks for a persistent session (3.1.1). */
    static byte[] connect(String protocolName, int level, String clientId, int keepAlive, boolean cleanSession) {
        byte[] variable = new byte[] {(byte) level, (byte) (cleanSession ? 0x02 : 0x00), (byte) (keepAlive >> 8),
                (byte) keepAlive};
        byte[] properties = level == 5 ? new byte[] {0} : new byte[0];
        return packet(0x10, utf8(protocolName), variable, properties, utf8(clientId));
    }

    /** MQTT 5 CONNECT with clean start and a Receive Maximum. */
    static byte[] connect5WithReceiveMaximum(String clientId, int receiveMaximum) {
        byte[] variable = new byte[] {5, 0x02, 0, 0};
        byte[] properties = new byte[] {3, 0x21, (byte) (receiveMaximum >> 8), (byte) receiveMaximum};
        return packet(0x10, utf8("MQTT"), variable, properties, utf8(clientId));
    }

    /** SUBSCRIBE to one filter at a QoS (MQTT 5 layout when {@code mqtt5}). */
    static byte[] subscribe(int packetId, String filter, int qos, boolean mqtt5) {
        return packet(0x82, new byte[] {(byte) (packetId >> 8), (byte) packetId},
                mqtt5 ? new byte[] {0} : new byte[0], utf8(filter), new byte[] {(byte) qos});
    }

    static byte[] puback(int packetId) {
        return new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    /** Waits up to {@code millis} for a packet; null if none came. */
    Packet readWithin(int millis) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return read();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(before);
        }
    }

    static byte[] publish(String topic, int qos, int packetId, boolean dup, byte[] payload, boolean mqtt5) {
        int header = 0x30 | (qos << 1) | (dup ? 0x08 : 0);
        byte[] id = qos > 0 ? new byte[] {(byte) (packetId >> 8), (byte) packetId} : new byte[0];
        return packet(header, utf8(topic), id, mqtt5 ? new byte[] {0} : new byte[0], payload);
    }

    static byte[] pubrel(int packetId) {
        return new byte[] {0x62, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    static byte[] pubrec(int packetId) {
        return new byte[] {0x50, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    static byte[] pubcomp(int packetId) {
        return new byte[] {0x70, 0x02, (byte) (packetId >> 8), (byte) packetId};
    }

    /** The packet id of a PUBACK, PUBREC, PUBREL or PUBCOMP. */
    static int packetIdOf(Packet packet) {
        return ((packet.body()[0] & 0xFF) << 8) | (packet.body()[1] & 0xFF);
    }

    Packet read() throws IOException {
        int header = in.read();
        if (header < 0) {
            throw new EOFException("connection closed");
        }
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(header, body);
    }

    /** Whether the broker closes the connection within the socket timeout (reading and dropping what comes). */
    boolean closedByBroker() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain: the broker may write a CONNACK or DISCONNECT first
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
