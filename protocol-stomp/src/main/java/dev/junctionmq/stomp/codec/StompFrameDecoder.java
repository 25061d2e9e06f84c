package dev.junctionmq.stomp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes STOMP frames ({@code COMMAND EOL (header EOL)* EOL body NUL}, STOMP 1.2 "Augmented BNF") into
 * {@link StompFrame}s, consuming each line as it completes so that a frame is never re-parsed and the
 * {@link StompLimits} are checked before more bytes are buffered:
 * <ul>
 *   <li>end-of-line bytes between frames are heart-beats and are skipped (STOMP 1.2 "Heart-beating");</li>
 *   <li>header lines may end with CR LF; names and values are unescaped for the negotiated version, except in
 *       CONNECT/STOMP frames ("Value Encoding");</li>
 *   <li>the first of repeated headers wins ("Repeated Header Entries");</li>
 *   <li>with {@code content-length} the body is exactly that many bytes, NULs included, and must be followed by a
 *       NUL; a declared length over the limit fails at once, before any body byte is read; without it the body
 *       ends at the first NUL.</li>
 * </ul>
 * A violation throws {@link StompProtocolException} (wrapped by Netty in a {@code DecoderException}); the decoder
 * then discards everything else the connection sends while the handler answers with an ERROR frame and closes.
 */
public final class StompFrameDecoder extends ByteToMessageDecoder {

    private enum State { COMMAND, HEADERS, BODY, FAILED }

    private final StompLimits limits;
    private StompVersion version = StompVersion.V1_2;
    private State state = State.COMMAND;
    private String command;
    private Map<String, String> headers;
    private int headerCount;
    private int headerBytes;
    private int bodyLength;
    private int bodyScanned;

    public StompFrameDecoder(StompLimits limits) {
        this.limits = limits;
    }

    /** The version negotiated by CONNECT; it decides the header escaping of the frames that follow. */
    public void version(StompVersion negotiated) {
        this.version = negotiated;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            switch (state) {
                case FAILED -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                case COMMAND -> {
                    skipHeartBeats(in);
                    String line = readLine(in, "command");
                    if (line == null) {
                        return;
                    }
                    command = line;
                    headers = new LinkedHashMap<>();
                    headerCount = 0;
                    headerBytes = 0;
                    state = State.HEADERS;
                }
                case HEADERS -> {
                    if (!readHeaders(in)) {
                        return;
                    }
                    state = State.BODY;
                    bodyLength = declaredBodyLength();
                    bodyScanned = 0;
                }
                case BODY -> {
                    byte[] body = readBody(in);
                    if (body == null) {
                        return;
                    }
                    out.add(new StompFrame(command, headers, body));
                    command = null;
                    headers = null;
                    state = State.COMMAND;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    private static void skipHeartBeats(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b == '\n' || b == '\r') {
                in.skipBytes(1);
            } else {
                return;
            }
        }
    }

    /** Reads one line without its CR LF / LF, or returns null if it is not complete yet. */
    private String readLine(ByteBuf in, String what) {
        int max = limits.maxHeaderLineLength();
        int scan = Math.min(in.readableBytes(), max + 2); // the line, an optional CR, the LF
        int lf = in.indexOf(in.readerIndex(), in.readerIndex() + scan, (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > max + 1) {
                throw fail("STOMP " + what + " line longer than " + max + " bytes");
            }
            return null;
        }
        int length = lf - in.readerIndex();
        int contentLength = length > 0 && in.getByte(lf - 1) == '\r' ? length - 1 : length;
        if (contentLength > max) {
            throw fail("STOMP " + what + " line longer than " + max + " bytes");
        }
        String line = in.toString(in.readerIndex(), contentLength, StandardCharsets.UTF_8);
        in.skipBytes(length + 1);
        return line;
    }

    /** Reads header lines until the empty line; true once it has been read. */
    private boolean readHeaders(ByteBuf in) {
        while (true) {
            int budget = limits.maxHeaderBytes() - headerBytes;
            int before = in.readableBytes();
            String line = readLine(in, "header");
            if (line == null) {
                if (before > budget) {
                    throw fail("STOMP frame headers longer than " + limits.maxHeaderBytes() + " bytes");
                }
                return false;
            }
            if (line.isEmpty()) {
                return true;
            }
            headerBytes += before - in.readableBytes();
            if (headerBytes > limits.maxHeaderBytes()) {
                throw fail("STOMP frame headers longer than " + limits.maxHeaderBytes() + " bytes");
            }
            if (++headerCount > limits.maxHeaders()) {
                throw fail("STOMP frame has more than " + limits.maxHeaders() + " headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw fail("malformed STOMP header line '" + line + "': expected name:value");
            }
            boolean escaped = StompFrame.escapesHeaders(command);
            String name = escaped ? unescape(line.substring(0, colon)) : line.substring(0, colon);
            String value = escaped ? unescape(line.substring(colon + 1)) : line.substring(colon + 1);
            headers.putIfAbsent(name, value);
        }
    }

    private String unescape(String raw) {
        try {
            return HeaderEscaping.unescape(raw, version);
        } catch (StompProtocolException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /** The declared content-length, or -1 if none. */
    private int declaredBodyLength() {
        String declared = headers.get("content-length");
        if (declared == null) {
            return -1;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw fail("invalid content-length '" + declared + "'");
        }
        if (length < 0) {
            throw fail("invalid content-length '" + declared + "'");
        }
        if (length > limits.maxBodyLength()) {
            throw fail("frame body of " + length + " bytes exceeds the maximum message size of "
                    + limits.maxBodyLength() + " bytes");
        }
        return (int) length;
    }

    private byte[] readBody(ByteBuf in) {
        if (bodyLength >= 0) {
            if (in.readableBytes() < bodyLength + 1) {
                return null;
            }
            if (in.getByte(in.readerIndex() + bodyLength) != 0) {
                throw fail("frame body is not followed by a NUL byte after its content-length of " + bodyLength
                        + " bytes");
            }
            byte[] body = new byte[bodyLength];
            in.readBytes(body);
            in.skipBytes(1);
            return body;
        }
        int end = Math.min(in.readableBytes(), limits.maxBodyLength() + 1);
        int nul = in.indexOf(in.readerIndex() + bodyScanned, in.readerIndex() + end, (byte) 0);
        if (nul < 0) {
            if (in.readableBytes() > limits.maxBodyLength()) {
                throw fail("frame body exceeds the maximum message size of " + limits.maxBodyLength() + " bytes");
            }
            bodyScanned = in.readableBytes();
            return null;
        }
        byte[] body = new byte[nul - in.readerIndex()];
        in.readBytes(body);
        in.skipBytes(1);
        return body;
    }

    private StompProtocolException fail(String message) {
        state = State.FAILED;
        return new StompProtocolException(message);
    }
}
