package dev.junctionmq.bench.stomp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One STOMP 1.2 connection of the benchmark client: socket, CONNECT/CONNECTED, then a frame reader and writer. */
final class StompClientConnection implements AutoCloseable {

    private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    final StompFrameReader reader;
    final StompFrameWriter writer;
    private final Socket socket;

    private StompClientConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.reader = new StompFrameReader(socket.getInputStream(), MAX_FRAME_BYTES);
        this.writer = new StompFrameWriter(socket.getOutputStream());
    }

    /** Connects and completes the STOMP handshake (no heart-beats); an ERROR frame becomes an IOException. */
    static StompClientConnection open(StompWorkload workload) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) workload.idleTimeout().toMillis());
            socket.connect(new InetSocketAddress(workload.host(), workload.port()),
                    (int) workload.idleTimeout().toMillis());
            StompClientConnection connection = new StompClientConnection(socket);
            connection.writer.command("CONNECT").header("accept-version", "1.2").header("host", workload.host())
                    .header("heart-beat", "0,0");
            if (workload.login() != null) {
                connection.writer.header("login", workload.login())
                        .header("passcode", workload.passcode() == null ? "" : workload.passcode());
            }
            connection.writer.end(new byte[0]);
            connection.writer.flush();
            StompFrameReader.Frame reply = connection.reader.read();
            if (!reply.command().equals("CONNECTED")) {
                throw new IOException("CONNECT to " + workload.host() + ":" + workload.port() + " answered with "
                        + describe(reply));
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    static String describe(StompFrameReader.Frame frame) {
        String message = frame.header("message");
        return frame.command() + (message == null ? "" : " '" + message + "'")
                + (frame.body().length == 0 ? "" : ": " + new String(frame.body(), StandardCharsets.UTF_8).strip());
    }

    /** Sends DISCONNECT with a receipt and waits for it, so everything sent before has been handled. */
    void disconnect() throws IOException {
        writer.command("DISCONNECT").header("receipt", "disconnect").end(new byte[0]);
        writer.flush();
        while (true) {
            StompFrameReader.Frame frame = reader.read();
            if (frame.command().equals("RECEIPT") && "disconnect".equals(frame.header("receipt-id"))) {
                return;
            }
            if (frame.command().equals("ERROR")) {
                throw new IOException("DISCONNECT answered with " + describe(frame));
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
