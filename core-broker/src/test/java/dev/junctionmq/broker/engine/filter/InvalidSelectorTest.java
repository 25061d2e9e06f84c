package dev.junctionmq.broker.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Selectors that cannot be used are rejected when the subscription is made, with a message a person can act on. */
class InvalidSelectorTest {

    private static InvalidSelectorException rejectionOf(String selector) {
        InvalidSelectorException rejection =
                catchThrowableOfType(InvalidSelectorException.class, () -> SelectorFilter.parse(selector));
        assertThat(rejection).as("selector \"%s\" should be rejected", selector).isNotNull();
        assertThat(rejection.selector()).isEqualTo(selector);
        assertThat(rejection.getMessage()).startsWith("Invalid message selector \"" + selector + "\": ");
        return rejection;
    }

    @Test
    void missingRightHandSide() {
        assertThat(rejectionOf("color = ").getMessage())
                .isEqualTo("Invalid message selector \"color = \": it ends too early; something is missing after \"=\"");
        assertThat(rejectionOf("a = 1 AND").problem()).isEqualTo("it ends too early; something is missing after \"AND\"");
        assertThat(rejectionOf("(a = 1").problem()).isEqualTo("it ends too early; something is missing after \"1\"");
    }

    @Test
    void unknownOperator() {
        assertThat(rejectionOf("a >> 3").getMessage())
                .isEqualTo("Invalid message selector \"a >> 3\": unexpected \">\" at position 4");
        assertThat(rejectionOf("a = 1 )").problem()).isEqualTo("unexpected \")\" at position 7");
        assertThat(rejectionOf("a IN ()").problem()).isEqualTo("unexpected \")\" at position 7");
    }

    @Test
    void unterminatedString() {
        assertThat(rejectionOf("name = 'abc").getMessage())
                .isEqualTo("Invalid message selector \"name = 'abc\": a string literal is not closed;"
                        + " it starts with 'abc and needs a closing '");
    }

    @Test
    void characterThatIsNotPartOfTheLanguage() {
        assertThat(rejectionOf("a # 1").problem()).isEqualTo("unexpected character '#' at position 3");
        assertThat(rejectionOf("a.b = 1").problem()).isEqualTo("unexpected \".b\" at position 2");
    }

    @Test
    void errorsAfterALogicalNotAreReportedAsWritten() {
        assertThat(rejectionOf("NOT a >> 3").problem()).isEqualTo("unexpected \">\" at position 8");
        assertThat(rejectionOf("NOT a = ").problem()).isEqualTo("it ends too early; something is missing after \"=\"");
        assertThat(rejectionOf("NOT price > '10'").problem())
                .isEqualTo("'10' cannot be used with <, <=, >, >= or BETWEEN; only numbers can be ordered");
        assertThat(rejectionOf("NOT name = 'abc").problem())
                .isEqualTo("a string literal is not closed; it starts with 'abc and needs a closing '");
    }

    @Test
    void positionsOnLaterLinesNameTheLine() {
        assertThat(rejectionOf("a = 1\nAND b >> 2").problem()).isEqualTo("unexpected \">\" at line 2, position 8");
    }

    @Test
    void valueThatIsNotACondition() {
        assertThat(rejectionOf("1").problem()).isEqualTo("it must be a condition that is true or false, but 1 is a value");
        assertThat(rejectionOf("a + 1").problem())
                .isEqualTo("it must be a condition that is true or false, but (a + 1) is a value");
        assertThat(rejectionOf("'abc'").problem())
                .isEqualTo("it must be a condition that is true or false, but 'abc' is a value");
    }

    @Test
    void orderingAStringLiteral() {
        assertThat(rejectionOf("price > '10'").problem())
                .isEqualTo("'10' cannot be used with <, <=, >, >= or BETWEEN; only numbers can be ordered");
        assertThat(rejectionOf("name BETWEEN 'a' AND 'c'").problem())
                .isEqualTo("'a' cannot be used with <, <=, >, >= or BETWEEN; only numbers can be ordered");
    }

    @Test
    void comparingWithNullInsteadOfIsNull() {
        assertThat(rejectionOf("x = NULL").problem())
                .isEqualTo("NULL cannot be compared with = or <>; use IS NULL or IS NOT NULL");
    }

    @Test
    void escapeLongerThanOneCharacter() {
        assertThat(rejectionOf("a LIKE 'x' ESCAPE 'ab'").problem())
                .isEqualTo("the ESCAPE character must be a single character, not 'ab'");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void emptySelector(String selector) {
        assertThatThrownBy(() -> SelectorFilter.parse(selector))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage("Invalid message selector \"" + selector
                        + "\": it is empty; a subscription without a selector has none");
    }

    @Test
    void artemisBodyQueriesAreNotSelectors() {
        assertThat(rejectionOf("XPATH '//order[@id=1]'").problem())
                .isEqualTo("XPATH (at position 1) queries the message body, which Jakarta Messaging selectors cannot do");
        assertThat(rejectionOf("a = 1 AND xquery '/x'").problem())
                .isEqualTo("XQUERY (at position 11) queries the message body, which Jakarta Messaging selectors cannot do");
    }

    @Test
    void xpathInsideAStringLiteralIsJustText() {
        assertThat(SelectorFilter.parse("q = 'XPATH x'").matches(MapSubject.with("q", "XPATH x"))).isTrue();
    }

    @Test
    void artemisParserOptionsAreNotSelectors() {
        assertThat(rejectionOf("convert_string_expressions:price = 10").problem())
                .isEqualTo("\"convert_string_expressions:\" is an ActiveMQ Artemis parser option,"
                        + " not part of a message selector");
        assertThat(rejectionOf("hyphenated_props:my-prop = 1").problem())
                .isEqualTo("\"hyphenated_props:\" is an ActiveMQ Artemis parser option, not part of a message selector");
    }

    @Test
    void rejectionKeepsTheParserErrorAsCause() {
        assertThat(rejectionOf("a >> 3").getCause()).isNotNull();
    }
}
