package dev.junctionmq.broker.engine.filter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A RocketMQ tag subscription expression: {@code *} (every message), {@code TagA}, or
 * {@code TagA || TagB || TagC} (any of the listed tags).
 *
 * <p>Parsing rules:
 * <ul>
 *   <li>{@code null}, an empty or blank string, and {@code *} mean "all messages", whether or not they have a
 *       tag. A {@code *} among listed tags also means all messages.</li>
 *   <li>Tags are separated by {@code ||}. Whitespace around tags is ignored, whitespace inside a tag is kept,
 *       and empty tokens ({@code "TagA || || TagB"}) are skipped; duplicates count once.</li>
 *   <li>A tag cannot contain {@code |}: a token such as {@code "|B"} (from {@code "A ||| B"}) or {@code "A|B"} is
 *       rejected rather than guessed at. An expression that names no tag at all ({@code "||"}) is rejected too.
 *       Both raise {@link IllegalArgumentException}.</li>
 * </ul>
 * Tag matching is exact and case-sensitive. Instances are immutable.
 */
public final class TagExpression {

    /** The expression that accepts every message. */
    public static final String ALL_SYMBOL = "*";
    /** The separator between alternative tags. */
    public static final String SEPARATOR = "||";

    private static final Pattern SEPARATOR_PATTERN = Pattern.compile(Pattern.quote(SEPARATOR));
    private static final TagExpression ALL = new TagExpression(Set.of());

    private final Set<String> tags;
    private final long[] tagHashes;

    private TagExpression(Set<String> tags) {
        this.tags = tags;
        this.tagHashes = tags.stream().mapToLong(TagExpression::tagHash).distinct().toArray();
    }

    /** The expression that accepts every message, tagged or not. */
    public static TagExpression all() {
        return ALL;
    }

    /**
     * Parses a tag subscription expression.
     *
     * @throws IllegalArgumentException if a tag contains {@code |} or the expression names no tag
     */
    public static TagExpression parse(String expression) {
        if (expression == null) {
            return ALL;
        }
        String trimmed = expression.trim();
        if (trimmed.isEmpty() || trimmed.equals(ALL_SYMBOL)) {
            return ALL;
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String token : SEPARATOR_PATTERN.split(trimmed, -1)) {
            String tag = token.trim();
            if (tag.isEmpty()) {
                continue;
            }
            if (tag.equals(ALL_SYMBOL)) {
                return ALL;
            }
            if (tag.indexOf('|') >= 0) {
                throw new IllegalArgumentException("Invalid tag expression \"" + expression + "\": tag \"" + tag
                        + "\" contains '|'; separate tags with \" || \" and do not use '|' inside a tag");
            }
            tags.add(tag);
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("Invalid tag expression \"" + expression
                    + "\": it names no tag; use \"*\" to receive all messages");
        }
        return new TagExpression(Collections.unmodifiableSet(tags));
    }

    /**
     * The consume-queue tag hash of a tag: {@code String.hashCode()} widened to {@code long}, and {@code 0} for a
     * message without a tag (null or empty), as the store's dispatcher writes it.
     */
    public static long tagHash(String tag) {
        return tag == null || tag.isEmpty() ? 0L : tag.hashCode();
    }

    /** Whether this expression accepts every message. */
    public boolean matchesAll() {
        return tags.isEmpty();
    }

    /**
     * Whether a message with this tag is accepted. Exact, case-sensitive comparison; a message without a tag
     * ({@code null}) is accepted only by {@link #matchesAll() *}.
     */
    public boolean matches(String tag) {
        return matchesAll() || (tag != null && tags.contains(tag));
    }

    /**
     * The consume-queue fast path: whether a message whose tag hash is {@code tagHash} (see {@link #tagHash})
     * may be accepted. {@code false} is definitive; {@code true} may be a hash collision, so the message must
     * still pass {@link #matches(String)}.
     */
    public boolean acceptsTagHash(long tagHash) {
        if (matchesAll()) {
            return true;
        }
        for (long accepted : tagHashes) {
            if (accepted == tagHash) {
                return true;
            }
        }
        return false;
    }

    /** The accepted tags in the order written, without duplicates; empty when {@link #matchesAll()}. */
    public Set<String> tags() {
        return tags;
    }

    /** The canonical form: {@code *}, or the tags joined by {@code " || "}. */
    @Override
    public String toString() {
        return matchesAll() ? ALL_SYMBOL : String.join(" " + SEPARATOR + " ", tags);
    }

    /** Two expressions are equal when they accept the same set of tags, whatever order they were written in. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TagExpression that && tags.equals(that.tags);
    }

    @Override
    public int hashCode() {
        return tags.hashCode();
    }
}
