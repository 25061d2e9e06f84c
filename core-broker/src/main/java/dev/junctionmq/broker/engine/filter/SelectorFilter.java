package dev.junctionmq.broker.engine.filter;

import java.util.List;

import org.apache.activemq.artemis.selector.filter.BooleanExpression;
import org.apache.activemq.artemis.selector.filter.FilterException;
import org.apache.activemq.artemis.selector.impl.SelectorParser;
import org.apache.activemq.artemis.selector.strict.ParseException;
import org.apache.activemq.artemis.selector.strict.Token;
import org.apache.activemq.artemis.selector.strict.TokenMgrError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta Messaging message selector (the SQL92 conditional-expression subset of Jakarta Messaging 3.1,
 * section 3.8.1), evaluated against a message's properties.
 *
 * <p>Evaluation follows the specification's three-valued logic: a comparison involving an absent property is
 * UNKNOWN, and a message matches only when the whole selector is TRUE (UNKNOWN and FALSE do not match).
 * Comparing a string with a number, or values of otherwise incompatible types, is FALSE; numbers of different
 * types compare after Java numeric promotion. Header identifiers such as {@code JMSPriority} are looked up as
 * properties of the {@link FilterSubject}.
 *
 * <p>Parsing and evaluation are done by ActiveMQ Artemis's selector parser, with its extensions (parser option
 * prefixes, {@code XPATH}, {@code XQUERY}) rejected and the precedence of {@code NOT} corrected (see
 * {@link NotPrecedence}). Known differences from the specification that remain, all Artemis behaviour:
 * <ul>
 *   <li>{@code a <> b} is {@code NOT (a = b)}, so it is TRUE (not FALSE) when {@code a} and {@code b} have
 *       unlike types, such as a string property compared with a number;</li>
 *   <li>{@code +} concatenates when an operand is a string;</li>
 *   <li>two string identifiers may be ordered ({@code a < b}); only literals are checked at parse time.</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class SelectorFilter {

    private static final Logger LOG = LoggerFactory.getLogger(SelectorFilter.class);

    private final String expression;
    private final BooleanExpression condition;

    private SelectorFilter(String expression, BooleanExpression condition) {
        this.expression = expression;
        this.condition = condition;
    }

    /**
     * Parses a selector.
     *
     * @throws InvalidSelectorException if the selector is null or blank, is not valid selector syntax, uses a
     *         comparison the language forbids (such as {@code name > 'a'} or {@code x = NULL}), or uses an
     *         Artemis extension; the message quotes the selector and says what is wrong
     */
    public static SelectorFilter parse(String selector) {
        if (selector == null || selector.isBlank()) {
            throw new InvalidSelectorException(selector, "it is empty; a subscription without a selector has none",
                    null);
        }
        reject(selector, ArtemisExtensions.optionPrefixIn(selector));
        List<Token> tokens = tokensOf(selector);
        reject(selector, ArtemisExtensions.bodyQueryIn(tokens));
        String withNotPrecedence = NotPrecedence.parenthesize(tokens);
        if (withNotPrecedence == null) {
            return new SelectorFilter(selector, compile(selector, selector));
        }
        try {
            return new SelectorFilter(selector, compile(selector, withNotPrecedence));
        } catch (InvalidSelectorException e) {
            if (e.getCause() instanceof ParseException) {
                compile(selector, selector); // to report a syntax error at its position in the selector as written
            }
            throw e;
        }
    }

    private static List<Token> tokensOf(String selector) {
        try {
            return SelectorTokens.of(selector);
        } catch (TokenMgrError e) {
            throw new InvalidSelectorException(selector, SelectorSyntaxErrors.describe(selector, e), e);
        }
    }

    /** Compiles {@code text} (the selector or a rewriting of it) with Artemis's parser. */
    private static BooleanExpression compile(String selector, String text) {
        try {
            return SelectorParser.parse(text);
        } catch (FilterException | RuntimeException e) {
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            throw new InvalidSelectorException(selector, SelectorSyntaxErrors.describe(text, reason), reason);
        }
    }

    private static void reject(String selector, String problem) {
        if (problem != null) {
            throw new InvalidSelectorException(selector, problem, null);
        }
    }

    /**
     * Whether the selector is TRUE for this message. UNKNOWN (a comparison with an absent property) and FALSE
     * do not match. A message the selector cannot be evaluated on does not match either; the reason is logged
     * at debug level.
     */
    public boolean matches(FilterSubject subject) {
        try {
            return Boolean.TRUE.equals(condition.evaluate(new SubjectFilterable(subject)));
        } catch (FilterException | RuntimeException e) {
            LOG.debug("Selector \"{}\" could not be evaluated on a message; treating it as not matching", expression,
                    e);
            return false;
        }
    }

    /** The selector as it was given. */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    /** Selectors are equal when their text is identical. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SelectorFilter that && expression.equals(that.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }
}
