package dev.junctionmq.broker.engine.filter;

import java.util.List;
import java.util.Locale;

import org.apache.activemq.artemis.selector.strict.StrictParserConstants;
import org.apache.activemq.artemis.selector.strict.Token;

/**
 * Finds what Artemis's selector parser accepts beyond Jakarta Messaging selectors, so that a subscription's
 * meaning never depends on Artemis-specific behaviour:
 * <ul>
 *   <li>parser options written as a prefix of the selector ({@code convert_string_expressions:},
 *       {@code hyphenated_props:} and their {@code no_} forms), which change comparison rules or identifier
 *       syntax;</li>
 *   <li>{@code XPATH '...'} and {@code XQUERY '...'}, which select on the message body, which filters here
 *       never see.</li>
 * </ul>
 */
final class ArtemisExtensions {

    private static final List<String> OPTION_PREFIXES = List.of("convert_string_expressions:",
            "no_convert_string_expressions:", "hyphenated_props:", "no_hyphenated_props:");

    private ArtemisExtensions() {
    }

    /** Describes a parser option prefix the selector starts with, or returns {@code null}. */
    static String optionPrefixIn(String selector) {
        for (String prefix : OPTION_PREFIXES) {
            if (selector.startsWith(prefix)) {
                return "\"" + prefix + "\" is an ActiveMQ Artemis parser option, not part of a message selector";
            }
        }
        return null;
    }

    /** Describes the first XPATH or XQUERY operator among the selector's tokens, or returns {@code null}. */
    static String bodyQueryIn(List<Token> tokens) {
        for (Token token : tokens) {
            if (SelectorTokens.is(token, StrictParserConstants.XPATH)
                    || SelectorTokens.is(token, StrictParserConstants.XQUERY)) {
                return token.image.toUpperCase(Locale.ROOT) + " (at position " + token.beginColumn
                        + ") queries the message body, which Jakarta Messaging selectors cannot do";
            }
        }
        return null;
    }
}
