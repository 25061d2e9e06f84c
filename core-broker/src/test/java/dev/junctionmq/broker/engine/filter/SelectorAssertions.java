package dev.junctionmq.broker.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

/** Short assertions for selector tests: does the selector deliver this message or not. */
final class SelectorAssertions {

    private SelectorAssertions() {
    }

    static void assertMatches(String selector, FilterSubject message) {
        assertThat(SelectorFilter.parse(selector).matches(message))
                .as("selector \"%s\" should match %s", selector, message).isTrue();
    }

    static void assertDoesNotMatch(String selector, FilterSubject message) {
        assertThat(SelectorFilter.parse(selector).matches(message))
                .as("selector \"%s\" should not match %s", selector, message).isFalse();
    }
}
