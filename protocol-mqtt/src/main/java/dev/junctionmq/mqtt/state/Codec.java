package dev.junctionmq.mqtt.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads and writes the fields of journal values (strings of any length, numbers, byte arrays). */
public final class Codec {

    private Codec() {
    }

    /** Builds one value. */
    public static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        public Writer string(String value) {
            return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        public Writer bytes(byte[] value) {
            try {
                out.writeInt(value == null ? -1 : value.length);
                if (value != null) {
                    out.write(value);
                }
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Writer integer(int value) {
            try {
                out.writeInt(value);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Writer number(long value) {
            try {
                out.writeLong(value);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Writer flag(boolean value) {
            return integer(value ? 1 : 0);
        }

        public byte[] toBytes() {
            return bytes.toByteArray();
        }
    }

    /** Reads one value, field by field in the order written. */
    public static final class Reader {
        private final DataInputStream in;

        public Reader(byte[] value) {
            this.in = new DataInputStream(new ByteArrayInputStream(value));
        }

        public String string() {
            byte[] b = bytes();
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }

        public byte[] bytes() {
            try {
                int length = in.readInt();
                if (length < 0) {
                    return null;
                }
                return in.readNBytes(length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public int integer() {
            try {
                return in.readInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public long number() {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public boolean flag() {
            return integer() != 0;
        }

        /** Whether fields follow: a value written by an older version may lack the last ones. */
        public boolean hasMore() {
            try {
                return in.available() > 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
