package dev.junctionmq.broker.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rewriting that gives NOT its SQL precedence before Artemis parses a selector. */
class NotPrecedenceTest {

    private static String rewrite(String selector) {
        return NotPrecedence.parenthesize(SelectorTokens.of(selector));
    }

    @Test
    void selectorWithoutLogicalNotIsLeftAlone() {
        assertThat(rewrite("a = 1 AND b = 2")).isNull();
        assertThat(rewrite("a NOT LIKE 'x%' AND b NOT IN ('y') AND c NOT BETWEEN 1 AND 2 AND d IS NOT NULL"))
                .isNull();
    }

    @Test
    void notOperandEndsAtAndOrOrClosingParenthesis() {
        assertThat(rewrite("NOT a = 1")).isEqualTo("NOT ( a = 1 )");
        assertThat(rewrite("NOT a = 1 AND b = 2")).isEqualTo("NOT ( a = 1 ) AND b = 2");
        assertThat(rewrite("x = 1 OR NOT a = 1 OR b = 2")).isEqualTo("x = 1 OR NOT ( a = 1 ) OR b = 2");
        assertThat(rewrite("(NOT a = 1) AND b = 2")).isEqualTo("( NOT ( a = 1 ) ) AND b = 2");
        assertThat(rewrite("NOT (a = 1 OR b = 2)")).isEqualTo("NOT ( ( a = 1 OR b = 2 ) )");
    }

    @Test
    void andOfBetweenDoesNotEndTheOperand() {
        assertThat(rewrite("NOT a BETWEEN 1 AND 2 AND b = 1")).isEqualTo("NOT ( a BETWEEN 1 AND 2 ) AND b = 1");
        assertThat(rewrite("NOT a NOT BETWEEN (1) AND 2 OR b = 1"))
                .isEqualTo("NOT ( a NOT BETWEEN ( 1 ) AND 2 ) OR b = 1");
    }

    @Test
    void nestedNotsCloseTogether() {
        assertThat(rewrite("NOT NOT a = 1 AND b")).isEqualTo("NOT ( NOT ( a = 1 ) ) AND b");
    }

    @Test
    void literalsAndQuotesAreKeptVerbatim() {
        assertThat(rewrite("NOT name = 'O''Brien' AND t = 1.5e3"))
                .isEqualTo("NOT ( name = 'O''Brien' ) AND t = 1.5e3");
        assertThat(rewrite("not a IN ('x', 'y')")).isEqualTo("not ( a IN ( 'x' , 'y' ) )");
    }
}
