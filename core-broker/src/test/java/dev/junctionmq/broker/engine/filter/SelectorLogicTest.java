package dev.junctionmq.broker.engine.filter;

import static dev.junctionmq.broker.engine.filter.MapSubject.with;
import static dev.junctionmq.broker.engine.filter.SelectorAssertions.assertDoesNotMatch;
import static dev.junctionmq.broker.engine.filter.SelectorAssertions.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Jakarta Messaging 3.1, 3.8.1.2: AND, OR and NOT use SQL three-valued logic, where a comparison with an absent
 * property is UNKNOWN, and a message is selected only when the selector is TRUE. Also boolean literals and
 * properties, header identifiers and case-insensitive keywords.
 */
class SelectorLogicTest {

    @Test
    void notOfUnknownIsStillNotAMatch() {
        assertDoesNotMatch("NOT (absent = 1)", with("x", 1));
        assertDoesNotMatch("NOT (absent <> 1)", with("x", 1));
        assertDoesNotMatch("absent <> 1", with("x", 1));
    }

    @Test
    void unknownOrTrueIsTrue() {
        assertMatches("absent = 1 OR x = 1", with("x", 1));
        assertDoesNotMatch("absent = 1 OR x = 1", with("x", 2));
        assertMatches("x = 1 OR absent = 1", with("x", 1));
    }

    @Test
    void unknownAndFalseIsFalseSoItsNegationMatches() {
        assertDoesNotMatch("absent = 1 AND x = 1", with("x", 1));
        assertMatches("NOT (absent = 1 AND x = 2)", with("x", 1));
        assertDoesNotMatch("NOT (absent = 1 AND x = 1)", with("x", 1));
    }

    @Test
    void unknownOrFalseIsUnknownSoItsNegationDoesNotMatch() {
        assertDoesNotMatch("NOT (absent = 1 OR x = 2)", with("x", 1));
        assertDoesNotMatch("NOT (absent = 1 OR x = 1)", with("x", 1));
    }

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        assertMatches("a = 1 OR b = 1 AND c = 1", with("a", 1, "b", 0, "c", 0));
        assertDoesNotMatch("(a = 1 OR b = 1) AND c = 1", with("a", 1, "b", 0, "c", 0));
        assertMatches("NOT a = 2 AND b = 0", with("a", 1, "b", 0));
    }

    @Test
    void notNegatesTheWholeComparisonAfterIt() {
        assertMatches("NOT color = 'blue'", with("color", "red"));
        assertDoesNotMatch("NOT color = 'blue'", with("color", "blue"));
        assertDoesNotMatch("NOT color = 'blue'", with());
        assertMatches("NOT price > 10", with("price", 5));
        assertDoesNotMatch("NOT price > 10", with("price", 11));
        assertMatches("NOT price + 1 > 10", with("price", 5));
        assertMatches("NOT age BETWEEN 15 AND 19 AND x = 1", with("age", 20, "x", 1));
        assertDoesNotMatch("NOT age BETWEEN 15 AND 19 AND x = 1", with("age", 17, "x", 1));
        assertMatches("NOT name LIKE 'a%'", with("name", "bob"));
        assertMatches("NOT country IN ('UK', 'US') OR x = 1", with("country", "DE"));
        assertMatches("NOT region IS NULL", with("region", "eu"));
        assertMatches("NOT NOT color = 'red'", with("color", "red"));
        assertMatches("x = 2 OR (NOT color = 'blue' AND NOT size < 3)", with("color", "red", "size", 3));
        assertDoesNotMatch("x = 2 OR (NOT color = 'blue' AND NOT size < 3)", with("color", "red", "size", 2));
    }

    @Test
    void notApplyingToAConditionalTermStopsAtAndOr() {
        assertMatches("NOT a = 1 OR b = 1", with("a", 1, "b", 1));
        assertDoesNotMatch("NOT a = 1 OR b = 1", with("a", 1, "b", 0));
        assertMatches("NOT (a = 1 OR b = 1)", with("a", 0, "b", 0));
        assertMatches("NOT active", with("active", false));
        assertMatches("NOT active = TRUE", with("active", false));
    }

    @Test
    void booleanLiteralsSelectEverythingOrNothing() {
        assertMatches("TRUE", with());
        assertDoesNotMatch("FALSE", with());
        assertMatches("NOT FALSE", with());
        assertMatches("x = 1 OR TRUE", with());
    }

    @Test
    void booleanPropertiesCompareWithBooleanLiteralsOrStandAlone() {
        assertMatches("active = TRUE", with("active", true));
        assertDoesNotMatch("active = TRUE", with("active", false));
        assertMatches("active = FALSE", with("active", false));
        assertMatches("active", with("active", true));
        assertDoesNotMatch("active", with("active", false));
        assertDoesNotMatch("active", with());
        assertMatches("NOT active", with("active", false));
        assertDoesNotMatch("NOT active", with());
        assertMatches("active AND priority > 3", with("active", true, "priority", 4));
    }

    @Test
    void headerIdentifiersAreAskedForAsProperties() {
        assertMatches("JMSPriority > 4", with("JMSPriority", 7));
        assertDoesNotMatch("JMSPriority > 4", with("JMSPriority", 4));
        assertMatches("JMSType = 'order'", with("JMSType", "order"));
        assertMatches("JMSDeliveryMode = 'PERSISTENT'", with("JMSDeliveryMode", "PERSISTENT"));
        assertMatches("JMSCorrelationID IS NULL", with());
        assertMatches("JMSMessageID LIKE 'ID:%'", with("JMSMessageID", "ID:42"));
        assertMatches("JMSTimestamp > 1700000000000", with("JMSTimestamp", 1_700_000_000_001L));

        MapSubject message = with("JMSPriority", 9);
        SelectorFilter.parse("JMSPriority > 4 AND JMSType IS NULL").matches(message);
        assertThat(message.requestedNames()).containsExactly("JMSPriority", "JMSType");
    }

    @Test
    void keywordsAreCaseInsensitive() {
        MapSubject message = with("color", "red", "size", 3, "country", "UK", "active", true);

        assertMatches("color = 'red' and size > 2", message);
        assertMatches("color = 'blue' Or size > 2", message);
        assertMatches("not color = 'blue'", message);
        assertMatches("size between 1 and 5", message);
        assertMatches("size NoT BeTwEeN 4 aNd 5", message);
        assertMatches("color like 'r%'", message);
        assertMatches("country in ('UK')", message);
        assertMatches("region is null and color is not null", message);
        assertMatches("active = true", message);
        assertDoesNotMatch("active = false", message);
    }
}
