package dev.junctionmq.broker.engine.message;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertyTypesTest {

    @Test
    void everyJmsPropertyTypeRoundTripsThroughItsText() {
        Object[] values = {true, false, (byte) -7, (short) 300, 42, -5_000_000_000L, 9.5f, -0.1, Double.NaN,
            Float.NEGATIVE_INFINITY, Long.MIN_VALUE, Integer.MAX_VALUE};
        for (Object value : values) {
            char letter = PropertyTypes.letterOf(value);
            assertThat((int) letter).as("%s", value).isNotZero();
            assertThat(PropertyTypes.typedValue(String.valueOf(value), letter)).as("%s", value).isEqualTo(value)
                    .hasSameClassAs(value);
        }
        assertThat((int) PropertyTypes.letterOf("text")).isZero();
        assertThat((int) PropertyTypes.letterOf('c')).as("char is not a JMS property type").isZero();
    }

    @Test
    void namesWithSeparatorsAndBackslashesAreEscaped() {
        Map<String, Character> types = new LinkedHashMap<>();
        types.put("count", PropertyTypes.INT);
        types.put("a,b", PropertyTypes.DOUBLE);
        types.put("back\\slash", PropertyTypes.BOOLEAN);
        types.put("ends\\", PropertyTypes.LONG);
        String encoded = PropertyTypes.encode(types);
        assertThat(encoded).isEqualTo("icount,da\\,b,zback\\\\slash,lends\\\\");
        assertThat(PropertyTypes.decode(encoded)).containsExactlyEntriesOf(types);
    }

    @Test
    void emptyAndUnknownEntriesAreLeftOut() {
        assertThat(PropertyTypes.encode(Map.of())).isNull();
        assertThat(PropertyTypes.decode(null)).isEmpty();
        assertThat(PropertyTypes.decode("")).isEmpty();
        assertThat(PropertyTypes.decode("xodd,icount,d")).containsExactly(Map.entry("count", PropertyTypes.INT));
    }

    @Test
    void aValueThatDoesNotParseAsItsTypeStaysText() {
        assertThat(PropertyTypes.typedValue("seven", PropertyTypes.INT)).isEqualTo("seven");
        assertThat(PropertyTypes.typedValue("yes", PropertyTypes.BOOLEAN)).isEqualTo("yes");
        assertThat(PropertyTypes.typedValue("300", PropertyTypes.BYTE)).isEqualTo("300");
        assertThat(PropertyTypes.typedValue(null, PropertyTypes.INT)).isNull();
    }

    @Test
    void builderRecordsTypesOnlyWhenAMessageHasTypedProperties() {
        OutgoingMessage plain = OutgoingMessage.builder("t").property("color", "red").typedProperty("name", "x")
                .build();
        assertThat(plain.properties()).doesNotContainKey(PropertyTypes.PROPERTY)
                .containsEntry("name", "x");

        OutgoingMessage typed = OutgoingMessage.builder("t").typedProperty("count", 7).typedProperty("price", 9.5)
                .typedProperty("flag", true).typedProperty("gone", 1L).property("gone", "now a string").build();
        assertThat(typed.properties()).containsEntry("count", "7").containsEntry("price", "9.5")
                .containsEntry("flag", "true").containsEntry("gone", "now a string");
        assertThat(PropertyTypes.decode(typed.properties().get(PropertyTypes.PROPERTY))).containsExactly(
                Map.entry("count", PropertyTypes.INT), Map.entry("price", PropertyTypes.DOUBLE),
                Map.entry("flag", PropertyTypes.BOOLEAN));

        assertThatThrownBy(() -> OutgoingMessage.builder("t").typedProperty("when", new java.util.Date()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'when'");
    }
}
