package dev.junctionmq.broker.engine.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The types of a message's non-string properties, kept through the store in one reserved property.
 *
 * <p>The record format (RocketMQ's {@code name\u0001value\u0002}) stores every property value as text. Jakarta
 * Messaging selectors compare by the property's type (Jakarta Messaging 3.1, 3.8.1.1: {@code count > 5} is TRUE for
 * an int property 7, never for the string {@code "7"}), so a front end that receives typed properties (AMQP
 * application-properties, JMS properties) records their types here, and the engine's filter subject turns the text
 * back into the value. String properties are not listed, and a message without typed properties has no
 * {@link #PROPERTY} at all: untyped and older messages compare as strings, as before.
 *
 * <p>Format of the value: one entry per typed property, separated by {@code ,}; an entry is a type letter followed
 * by the property name, in which {@code \} and {@code ,} are escaped with {@code \}. The letters are the JVM's type
 * descriptors in lower case: {@code z} boolean, {@code b} byte, {@code s} short, {@code i} int, {@code l} long,
 * {@code f} float, {@code d} double. Example: {@code icount,dprice,zflag}. A listed value that does not parse as
 * its type (a hand-made property) is read as the string it is.
 */
public final class PropertyTypes {

    /** The reserved property (the {@code JMQ_} prefix marks properties the broker itself sets). */
    public static final String PROPERTY = "JMQ_PROPERTY_TYPES";

    public static final char BOOLEAN = 'z';
    public static final char BYTE = 'b';
    public static final char SHORT = 's';
    public static final char INT = 'i';
    public static final char LONG = 'l';
    public static final char FLOAT = 'f';
    public static final char DOUBLE = 'd';

    private PropertyTypes() {
    }

    /**
     * The type letter of a property value, or 0 for a string (stored as is, not listed) and for a type the record
     * cannot carry.
     */
    public static char letterOf(Object value) {
        if (value instanceof Boolean) {
            return BOOLEAN;
        } else if (value instanceof Byte) {
            return BYTE;
        } else if (value instanceof Short) {
            return SHORT;
        } else if (value instanceof Integer) {
            return INT;
        } else if (value instanceof Long) {
            return LONG;
        } else if (value instanceof Float) {
            return FLOAT;
        } else if (value instanceof Double) {
            return DOUBLE;
        }
        return 0;
    }

    /** Whether {@code value} is a type this class records (a JMS property type other than String). */
    public static boolean isTyped(Object value) {
        return letterOf(value) != 0;
    }

    /** Encodes name → type letter; returns null for an empty map (no property is stored then). */
    public static String encode(Map<String, Character> types) {
        if (types.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(types.size() * 8);
        for (Map.Entry<String, Character> entry : types.entrySet()) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(entry.getValue().charValue());
            String name = entry.getKey();
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == '\\' || c == ',') {
                    text.append('\\');
                }
                text.append(c);
            }
        }
        return text.toString();
    }

    /**
     * Decodes {@link #PROPERTY}'s value; null or an empty text gives an empty map. Entries with an unknown letter
     * are skipped (their properties read as strings).
     */
    public static Map<String, Character> decode(String text) {
        if (text == null || text.isEmpty()) {
            return Map.of();
        }
        Map<String, Character> types = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            char letter = text.charAt(i++);
            StringBuilder name = new StringBuilder();
            while (i < text.length() && text.charAt(i) != ',') {
                char c = text.charAt(i++);
                if (c == '\\' && i < text.length()) {
                    c = text.charAt(i++);
                }
                name.append(c);
            }
            i++; // the separator
            if (isLetter(letter) && name.length() > 0) {
                types.put(name.toString(), letter);
            }
        }
        return Collections.unmodifiableMap(types);
    }

    private static boolean isLetter(char letter) {
        return switch (letter) {
            case BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE -> true;
            default -> false;
        };
    }

    /**
     * The value of a stored property text with a recorded type letter; the text itself when it does not parse
     * (or the letter is 0).
     */
    public static Object typedValue(String text, char letter) {
        if (text == null) {
            return null;
        }
        try {
            return switch (letter) {
                case BOOLEAN -> parseBoolean(text);
                case BYTE -> Byte.valueOf(text);
                case SHORT -> Short.valueOf(text);
                case INT -> Integer.valueOf(text);
                case LONG -> Long.valueOf(text);
                case FLOAT -> Float.valueOf(text);
                case DOUBLE -> Double.valueOf(text);
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static Object parseBoolean(String text) {
        if ("true".equals(text)) {
            return Boolean.TRUE;
        }
        if ("false".equals(text)) {
            return Boolean.FALSE;
        }
        return text;
    }
}
