package dev.junctionmq.broker.engine.filter;

import static dev.junctionmq.broker.engine.filter.MapSubject.with;
import static dev.junctionmq.broker.engine.filter.SelectorAssertions.assertDoesNotMatch;
import static dev.junctionmq.broker.engine.filter.SelectorAssertions.assertMatches;

import org.junit.jupiter.api.Test;

/** Jakarta Messaging 3.1, 3.8.1.2: exact and approximate numerics compare after Java numeric promotion. */
class SelectorNumericComparisonTest {

    @Test
    void exactValuesCompareWithAnApproximateLiteral() {
        assertMatches("price > 10.5", with("price", 11));
        assertDoesNotMatch("price > 10.5", with("price", 10));
        assertMatches("price > 10.5", with("price", 11L));
        assertDoesNotMatch("price > 10.5", with("price", 10L));
        assertMatches("price > 10.5", with("price", (short) 11));
        assertMatches("price > 10.5", with("price", (byte) 11));
    }

    @Test
    void approximateValuesCompareWithAnApproximateLiteral() {
        assertMatches("price > 10.5", with("price", 10.75));
        assertDoesNotMatch("price > 10.5", with("price", 10.5));
        assertMatches("price >= 10.5", with("price", 10.5));
        assertMatches("price > 10.5", with("price", 10.6f));
    }

    @Test
    void approximateValuesEqualAnExactLiteralWithTheSameValue() {
        assertMatches("price = 10", with("price", 10.0));
        assertMatches("price = 10", with("price", 10.0f));
        assertMatches("price = 10", with("price", 10L));
        assertMatches("price = 10", with("price", 10));
        assertDoesNotMatch("price = 10", with("price", 10.000001));
    }

    @Test
    void floatPropertiesArePromotedToDoubleSoDecimalFractionsMayDiffer() {
        assertMatches("ratio = 0.5", with("ratio", 0.5f));
        // 0.1f widened to double is 0.10000000149011612, not 0.1 (Java numeric promotion).
        assertDoesNotMatch("ratio = 0.1", with("ratio", 0.1f));
        assertMatches("ratio = 0.1", with("ratio", 0.1));
    }

    @Test
    void longValuesCompareExactlyBeyondDoublePrecision() {
        assertMatches("id = 9007199254740993", with("id", 9_007_199_254_740_993L));
        assertDoesNotMatch("id = 9007199254740993", with("id", 9_007_199_254_740_992L));
        assertMatches("id > 9007199254740992", with("id", 9_007_199_254_740_993L));
    }

    @Test
    void allOrderingOperatorsWork() {
        assertMatches("n < 5", with("n", 4));
        assertDoesNotMatch("n < 5", with("n", 5));
        assertMatches("n <= 5", with("n", 5));
        assertDoesNotMatch("n <= 5", with("n", 6));
        assertMatches("n > 5", with("n", 6));
        assertDoesNotMatch("n > 5", with("n", 5));
        assertMatches("n >= 5", with("n", 5));
        assertDoesNotMatch("n >= 5", with("n", 4));
        assertMatches("n <> 5", with("n", 4));
        assertDoesNotMatch("n <> 5", with("n", 5));
    }

    @Test
    void negativeAndExponentLiteralsWork() {
        assertMatches("temperature < -5", with("temperature", -10));
        assertDoesNotMatch("temperature < -5", with("temperature", -5));
        assertMatches("size > 1E3", with("size", 1001));
        assertDoesNotMatch("size > 1E3", with("size", 1000L));
        assertMatches("size = 2.5e-1", with("size", 0.25));
    }

    @Test
    void twoPropertiesCanBeCompared() {
        assertMatches("bid >= ask", with("bid", 101L, "ask", 100.5));
        assertDoesNotMatch("bid >= ask", with("bid", 100, "ask", 100.5));
    }

    @Test
    void arithmeticFollowsPrecedenceAndParentheses() {
        assertMatches("(a + b) * 2 > 10", with("a", 3, "b", 3));
        assertDoesNotMatch("(a + b) * 2 > 10", with("a", 2, "b", 3));
        assertMatches("(a + b) * 2 > 10", with("a", 2.5, "b", 3L));
        assertMatches("a + b * 2 = 8", with("a", 2, "b", 3));
        assertMatches("a - b = -1", with("a", 2, "b", 3));
        assertMatches("a / b = 2.5", with("a", 5.0, "b", 2));
        assertMatches("-a = -2", with("a", 2));
    }

    @Test
    void arithmeticWithAnAbsentPropertyIsUnknown() {
        assertDoesNotMatch("(a + b) * 2 > 10", with("a", 30));
        assertDoesNotMatch("NOT ((a + b) * 2 > 10)", with("a", 30));
    }
}
