package dev.junctionmq.broker.engine.filter;

import static dev.junctionmq.broker.engine.filter.MapSubject.tagged;
import static dev.junctionmq.broker.engine.filter.MapSubject.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.LongPredicate;

import org.junit.jupiter.api.Test;

/** A subscription's filter: its tag expression and its selector must both accept a message. */
class MessageFilterTest {

    @Test
    void noTagsAndNoSelectorAcceptsEverything() {
        MessageFilter filter = MessageFilter.of(null, null);

        assertThat(filter).isSameAs(MessageFilter.ALL);
        assertThat(MessageFilter.of("*", "  ")).isSameAs(MessageFilter.ALL);
        assertThat(filter.matchesAll()).isTrue();
        assertThat(filter.matches(with())).isTrue();
        assertThat(filter.matches(tagged("TagA", "price", 1))).isTrue();
        assertThat(filter.tagHashPrefilter()).isNull();
        assertThat(filter.selector()).isEmpty();
        assertThat(filter).hasToString("*");
    }

    @Test
    void tagListAcceptsOnlyListedTags() {
        MessageFilter filter = MessageFilter.of("TagA || TagB", null);

        assertThat(filter.matchesAll()).isFalse();
        assertThat(filter.matches(tagged("TagA"))).isTrue();
        assertThat(filter.matches(tagged("TagB"))).isTrue();
        assertThat(filter.matches(tagged("TagC"))).isFalse();
        assertThat(filter.matches(with())).as("untagged").isFalse();
    }

    @Test
    void tagHashPrefilterRejectsOtherTagsBeforeTheRecordIsRead() {
        LongPredicate prefilter = MessageFilter.of("TagA || TagB", null).tagHashPrefilter();

        assertThat(prefilter).isNotNull();
        assertThat(prefilter.test(TagExpression.tagHash("TagA"))).isTrue();
        assertThat(prefilter.test(TagExpression.tagHash("TagB"))).isTrue();
        assertThat(prefilter.test(TagExpression.tagHash("TagC"))).isFalse();
        assertThat(prefilter.test(0L)).as("untagged").isFalse();
    }

    @Test
    void hashCollisionPassesPrefilterButNotMatches() {
        MessageFilter filter = MessageFilter.of("Aa", null);

        assertThat(filter.tagHashPrefilter().test(TagExpression.tagHash("BB"))).isTrue();
        assertThat(filter.matches(tagged("BB"))).isFalse();
        assertThat(filter.matches(tagged("Aa"))).isTrue();
    }

    @Test
    void selectorWithoutTagRestrictionHasNoPrefilterAndIgnoresTags() {
        MessageFilter filter = MessageFilter.of("*", "price > 10");

        assertThat(filter.matchesAll()).isFalse();
        assertThat(filter.tagHashPrefilter()).isNull();
        assertThat(filter.matches(tagged("TagA", "price", 11))).isTrue();
        assertThat(filter.matches(with("price", 11))).isTrue();
        assertThat(filter.matches(with("price", 10))).isFalse();
        assertThat(filter.matches(with())).isFalse();
    }

    @Test
    void tagAndSelectorMustBothAccept() {
        MessageFilter filter = MessageFilter.of("TagA", "price > 10");

        assertThat(filter.matches(tagged("TagA", "price", 11))).isTrue();
        assertThat(filter.matches(tagged("TagA", "price", 5))).isFalse();
        assertThat(filter.matches(tagged("TagB", "price", 11))).isFalse();
        assertThat(filter.matches(with("price", 11))).isFalse();
        assertThat(filter.tagExpression()).isEqualTo(TagExpression.parse("TagA"));
        assertThat(filter.selector()).map(SelectorFilter::expression).contains("price > 10");
        assertThat(filter).hasToString("TagA where price > 10");
    }

    @Test
    void selectorIsNotEvaluatedForAMessageWhoseTagIsRejected() {
        MapSubject message = tagged("TagB", "price", 11);

        MessageFilter.of("TagA", "price > 10").matches(message);

        assertThat(message.requestedNames()).isEmpty();
    }

    @Test
    void blankSelectorMeansNoSelector() {
        MessageFilter filter = MessageFilter.of("TagA", "   ");

        assertThat(filter.selector()).isEmpty();
        assertThat(filter.matches(tagged("TagA"))).isTrue();
    }

    @Test
    void invalidPartsAreRejected() {
        assertThatThrownBy(() -> MessageFilter.of("TagA", "price >"))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessageStartingWith("Invalid message selector \"price >\": ");
        assertThatThrownBy(() -> MessageFilter.of("||", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid tag expression \"||\": ");
    }

    @Test
    void filtersWithTheSameTagsAndSelectorAreEqual() {
        assertThat(MessageFilter.of("TagA || TagB", "x = 1")).isEqualTo(MessageFilter.of("TagB||TagA", "x = 1"))
                .hasSameHashCodeAs(MessageFilter.of("TagB||TagA", "x = 1"))
                .isNotEqualTo(MessageFilter.of("TagA || TagB", "x = 2"))
                .isNotEqualTo(MessageFilter.of("TagA || TagB", null));
    }

    @Test
    void parsedPartsCanBeCombined() {
        MessageFilter filter = MessageFilter.combine(TagExpression.parse("TagA"), SelectorFilter.parse("x = 1"));

        assertThat(filter).isEqualTo(MessageFilter.of("TagA", "x = 1"));
        assertThat(MessageFilter.combine(TagExpression.all(), null)).isSameAs(MessageFilter.ALL);
    }
}
