package dev.junctionmq.broker.engine.filter;

import java.util.Objects;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The filter a subscription holds: a tag expression (possibly {@code *}) and an optional message selector. A
 * message is delivered when its tag is accepted and the selector, if any, is TRUE for it.
 */
public final class MessageFilter {

    /** Accepts every message: tag expression {@code *}, no selector. */
    public static final MessageFilter ALL = new MessageFilter(TagExpression.all(), null);

    private final TagExpression tagExpression;
    private final SelectorFilter selector;

    private MessageFilter(TagExpression tagExpression, SelectorFilter selector) {
        this.tagExpression = tagExpression;
        this.selector = selector;
    }

    /**
     * Builds a filter from a subscription's strings.
     *
     * @param tagExpression a {@link TagExpression}; {@code null}, blank or {@code *} for all tags
     * @param selector a message selector; {@code null} or blank for none
     * @throws IllegalArgumentException if the tag expression is invalid
     * @throws InvalidSelectorException if the selector is invalid
     */
    public static MessageFilter of(String tagExpression, String selector) {
        return combine(TagExpression.parse(tagExpression),
                selector == null || selector.isBlank() ? null : SelectorFilter.parse(selector));
    }

    /**
     * Combines parsed parts.
     *
     * @param selector {@code null} for none
     */
    public static MessageFilter combine(TagExpression tagExpression, SelectorFilter selector) {
        Objects.requireNonNull(tagExpression, "tagExpression");
        return tagExpression.matchesAll() && selector == null ? ALL : new MessageFilter(tagExpression, selector);
    }

    /** Whether the message should be delivered: its tag is accepted and the selector, if any, is TRUE. */
    public boolean matches(FilterSubject subject) {
        return tagExpression.matches(subject.tag()) && (selector == null || selector.matches(subject));
    }

    /**
     * The check to apply to consume-queue tag hashes before a record is read, in the form the store's read
     * method takes: {@code null} when there is no tag restriction (every entry passes), otherwise
     * {@link TagExpression#acceptsTagHash}. A passing hash may be a collision; {@link #matches} decides.
     */
    public LongPredicate tagHashPrefilter() {
        return tagExpression.matchesAll() ? null : tagExpression::acceptsTagHash;
    }

    /** Whether this filter accepts every message. */
    public boolean matchesAll() {
        return this == ALL;
    }

    public TagExpression tagExpression() {
        return tagExpression;
    }

    public Optional<SelectorFilter> selector() {
        return Optional.ofNullable(selector);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageFilter that && tagExpression.equals(that.tagExpression)
                && Objects.equals(selector, that.selector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tagExpression, selector);
    }

    /** For example {@code "TagA || TagB" where "price > 10"}, or {@code "*"}. */
    @Override
    public String toString() {
        return selector == null ? tagExpression.toString() : tagExpression + " where " + selector;
    }
}
