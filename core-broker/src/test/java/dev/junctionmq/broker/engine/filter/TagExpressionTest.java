package dev.junctionmq.broker.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TagExpressionTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "*", " * ", "TagA || *", "* || TagA"})
    void starNullAndEmptyAcceptEveryMessageTaggedOrNot(String expression) {
        TagExpression all = TagExpression.parse(expression);

        assertThat(all.matchesAll()).isTrue();
        assertThat(all.matches("TagA")).isTrue();
        assertThat(all.matches("anything")).isTrue();
        assertThat(all.matches(null)).isTrue();
        assertThat(all.acceptsTagHash(0L)).isTrue();
        assertThat(all.acceptsTagHash(TagExpression.tagHash("TagZ"))).isTrue();
        assertThat(all.tags()).isEmpty();
        assertThat(all).hasToString("*").isEqualTo(TagExpression.all());
    }

    @Test
    void singleTagMatchesOnlyThatExactTag() {
        TagExpression tagA = TagExpression.parse("TagA");

        assertThat(tagA.matchesAll()).isFalse();
        assertThat(tagA.matches("TagA")).isTrue();
        assertThat(tagA.matches("taga")).isFalse();
        assertThat(tagA.matches("TagAB")).isFalse();
        assertThat(tagA.matches("Tag")).isFalse();
        assertThat(tagA.matches("")).isFalse();
        assertThat(tagA.tags()).containsExactly("TagA");
        assertThat(tagA).hasToString("TagA");
    }

    @Test
    void untaggedMessageNeverMatchesATagList() {
        assertThat(TagExpression.parse("TagA").matches(null)).isFalse();
        assertThat(TagExpression.parse("TagA || TagB").matches(null)).isFalse();
    }

    @Test
    void alternativesMatchAnyListedTag() {
        TagExpression abc = TagExpression.parse("TagA || TagB || TagC");

        assertThat(abc.matches("TagA")).isTrue();
        assertThat(abc.matches("TagB")).isTrue();
        assertThat(abc.matches("TagC")).isTrue();
        assertThat(abc.matches("TagD")).isFalse();
        assertThat(abc.matches("TagA || TagB")).isFalse();
        assertThat(abc.tags()).containsExactly("TagA", "TagB", "TagC");
    }

    @Test
    void whitespaceAroundTagsAndSeparatorsIsIgnored() {
        TagExpression spaced = TagExpression.parse("  TagA||TagB   ||\tTagC ");

        assertThat(spaced.tags()).containsExactly("TagA", "TagB", "TagC");
        assertThat(spaced.matches("TagB")).isTrue();
        assertThat(spaced.matches(" TagB")).isFalse();
        assertThat(spaced).hasToString("TagA || TagB || TagC");
    }

    @Test
    void whitespaceInsideATagIsPartOfTheTag() {
        TagExpression spaced = TagExpression.parse("Tag A");

        assertThat(spaced.matches("Tag A")).isTrue();
        assertThat(spaced.matches("TagA")).isFalse();
    }

    @Test
    void emptyTokensAndDuplicatesAreIgnored() {
        TagExpression expression = TagExpression.parse("|| TagA || || TagB || TagA ||");

        assertThat(expression.tags()).containsExactly("TagA", "TagB");
        assertThat(expression).hasToString("TagA || TagB");
    }

    @Test
    void expressionsAcceptingTheSameTagsAreEqualWhateverTheOrder() {
        assertThat(TagExpression.parse("TagB || TagA")).isEqualTo(TagExpression.parse("TagA||TagB||TagA"))
                .hasSameHashCodeAs(TagExpression.parse("TagA || TagB"));
        assertThat(TagExpression.parse("TagA")).isNotEqualTo(TagExpression.parse("TagA || TagB"))
                .isNotEqualTo(TagExpression.all());
    }

    @Test
    void tagsSetIsReadOnly() {
        assertThatThrownBy(() -> TagExpression.parse("TagA").tags().add("TagB"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"||", " || || ", "TagA ||| TagB", "TagA|TagB", "TagA | TagB"})
    void expressionsWithoutTagsOrWithPipesInTagsAreRejected(String expression) {
        assertThatThrownBy(() -> TagExpression.parse(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid tag expression \"" + expression + "\"");
    }

    @Test
    void rejectionSaysWhatIsWrong() {
        assertThatThrownBy(() -> TagExpression.parse("||"))
                .hasMessage("Invalid tag expression \"||\": it names no tag; use \"*\" to receive all messages");
        assertThatThrownBy(() -> TagExpression.parse("TagA ||| TagB"))
                .hasMessage("Invalid tag expression \"TagA ||| TagB\": tag \"| TagB\" contains '|';"
                        + " separate tags with \" || \" and do not use '|' inside a tag");
    }

    @Test
    void tagHashIsStringHashCodeWidenedAndZeroForNoTag() {
        assertThat(TagExpression.tagHash("TagA")).isEqualTo((long) "TagA".hashCode());
        assertThat(TagExpression.tagHash(null)).isZero();
        assertThat(TagExpression.tagHash("")).isZero();
    }

    @Test
    void hashFastPathAcceptsListedTagsOnly() {
        TagExpression ab = TagExpression.parse("TagA || TagB");

        assertThat(ab.acceptsTagHash(TagExpression.tagHash("TagA"))).isTrue();
        assertThat(ab.acceptsTagHash(TagExpression.tagHash("TagB"))).isTrue();
        assertThat(ab.acceptsTagHash(TagExpression.tagHash("TagC"))).isFalse();
        assertThat(ab.acceptsTagHash(0L)).as("message without a tag").isFalse();
    }

    @Test
    void hashFastPathWorksForNegativeHashCodesSignExtendedAsTheStoreWritesThem() {
        String tag = "negative-hash-tag";
        int hash = tag.hashCode();
        assertThat(hash).isNegative();
        long storedHash = hash; // what the dispatcher writes: int hash widened to long

        assertThat(TagExpression.parse(tag).acceptsTagHash(storedHash)).isTrue();
        assertThat(TagExpression.parse(tag).acceptsTagHash(hash & 0xFFFF_FFFFL)).isFalse();
    }

    @Test
    void hashCollisionPassesFastPathButIsRejectedByExactMatch() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        TagExpression aa = TagExpression.parse("Aa");

        assertThat(aa.acceptsTagHash(TagExpression.tagHash("BB"))).isTrue();
        assertThat(aa.matches("BB")).isFalse();
        assertThat(aa.matches("Aa")).isTrue();
    }
}
