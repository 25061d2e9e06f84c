package dev.junctionmq.it.amqp;

import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * A blocking AMQP client for the raw-socket tests: a Proton-J client transport over a plain socket, so a test can
 * finish a real handshake (SASL ANONYMOUS, open) and then write arbitrary bytes, and read the broker's answer back
 * as AMQP frames.
 */
final class ProtonSocketClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final Transport transport = Transport.Factory.create();
    private final Connection connection = Connection.Factory.create();
    private boolean eof;

    ProtonSocketClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getHostString(), address.getPort());
        socket.setSoTimeout(200);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** SASL ANONYMOUS, then open; returns once the broker's open arrived. */
    void handshake() throws IOException {
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.setMechanisms("ANONYMOUS");
        transport.bind(connection);
        connection.setContainer("raw-test");
        connection.open();
        pumpUntil(() -> connection.getRemoteState() == EndpointState.ACTIVE, 10_000);
    }

    /**
     * Opens a session and a sending link to {@code address}, then transfers {@code encodedMessage} (Proton splits
     * it into frames of the broker's max-frame-size) and pumps until the broker closes the link or settles the
     * transfer; returns the link.
     */
    org.apache.qpid.proton.engine.Sender sendMessage(String address, byte[] encodedMessage) throws IOException {
        org.apache.qpid.proton.engine.Session session = connection.session();
        session.open();
        org.apache.qpid.proton.engine.Sender sender = session.sender("raw-sender");
        org.apache.qpid.proton.amqp.messaging.Target target = new org.apache.qpid.proton.amqp.messaging.Target();
        target.setAddress(address);
        sender.setTarget(target);
        sender.setSource(new org.apache.qpid.proton.amqp.messaging.Source());
        sender.open();
        pumpUntil(() -> sender.getRemoteState() == EndpointState.ACTIVE && sender.getCredit() > 0, 10_000);
        org.apache.qpid.proton.engine.Delivery delivery = sender.delivery(new byte[] {1});
        sender.send(encodedMessage, 0, encodedMessage.length);
        sender.advance();
        pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED || delivery.getRemoteState() != null,
                10_000);
        return sender;
    }

    /** Opens a session and a receiving link from {@code address} with no credit; returns once it is attached. */
    org.apache.qpid.proton.engine.Receiver receiver(String address) throws IOException {
        org.apache.qpid.proton.engine.Session session = connection.session();
        session.open();
        org.apache.qpid.proton.engine.Receiver receiver = session.receiver("raw-receiver");
        org.apache.qpid.proton.amqp.messaging.Source source = new org.apache.qpid.proton.amqp.messaging.Source();
        source.setAddress(address);
        receiver.setSource(source);
        receiver.setTarget(new org.apache.qpid.proton.amqp.messaging.Target());
        receiver.open();
        pumpUntil(() -> receiver.getRemoteState() == EndpointState.ACTIVE, 10_000);
        return receiver;
    }

    /** Pumps for {@code millis} (or until {@code done}), writing what Proton has to send. */
    void pumpFor(long millis, BooleanSupplier done) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        try {
            pumpUntil(() -> done.getAsBoolean() || System.currentTimeMillis() > deadline, millis + 1_000);
        } catch (IOException e) {
            if (!eof) {
                throw e;
            }
        }
    }

    /** Grants one credit and waits for one complete transfer; returns it (its payload read, not yet settled). */
    org.apache.qpid.proton.engine.Delivery receiveOne(org.apache.qpid.proton.engine.Receiver receiver,
                                                       org.apache.qpid.proton.message.Message into)
            throws IOException {
        receiver.flow(1);
        pumpUntil(() -> receiver.current() != null && receiver.current().isReadable()
                && !receiver.current().isPartial(), 10_000);
        org.apache.qpid.proton.engine.Delivery delivery = receiver.current();
        byte[] bytes = new byte[delivery.pending()];
        receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        into.decode(bytes, 0, bytes.length);
        return delivery;
    }

    /** Settles {@code delivery} with {@code outcome} and writes it out. */
    void settle(org.apache.qpid.proton.engine.Delivery delivery,
                org.apache.qpid.proton.amqp.transport.DeliveryState outcome) throws IOException {
        delivery.disposition(outcome);
        delivery.settle();
        pumpFor(50, () -> false);
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads raw bytes (no Proton) until {@code count} arrived or the connection ended. */
    byte[] readRaw(int count) throws IOException {
        socket.setSoTimeout(10_000);
        return in.readNBytes(count);
    }

    /** True once the broker closed the socket (within {@code millis}). */
    boolean awaitEof(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        byte[] buffer = new byte[4096];
        while (System.currentTimeMillis() < deadline) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
                if (transport.capacity() > 0) {
                    feed(buffer, n);
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                return true; // reset by the broker
            }
        }
        return false;
    }

    /** The condition of the broker's close, once it arrived. */
    ErrorCondition remoteCondition() {
        return connection.getRemoteCondition();
    }

    private void feed(byte[] bytes, int n) {
        int offset = 0;
        while (offset < n && transport.capacity() > 0) {
            ByteBuffer tail = transport.tail();
            int chunk = Math.min(tail.remaining(), n - offset);
            tail.put(bytes, offset, chunk);
            offset += chunk;
            transport.process();
        }
    }

    private void pumpUntil(BooleanSupplier done, long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        byte[] buffer = new byte[4096];
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("handshake did not complete");
            }
            int pending = transport.pending();
            if (pending > 0) {
                ByteBuffer head = transport.head();
                byte[] bytes = new byte[pending];
                head.get(bytes);
                transport.pop(pending);
                out.write(bytes);
                out.flush();
            }
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    eof = true;
                    throw new IOException("broker closed the connection during the handshake");
                }
                feed(buffer, n);
            } catch (SocketTimeoutException e) {
                // nothing yet
            }
        }
    }

    boolean eof() {
        return eof;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
