package dev.junctionmq.broker.engine.filter;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.activemq.artemis.selector.strict.ParseException;
import org.apache.activemq.artemis.selector.strict.Token;
import org.apache.activemq.artemis.selector.strict.TokenMgrError;

/**
 * Puts the reason Artemis's selector parser gives for rejecting a selector into words a person understands.
 * Positions are 1-based character positions in the selector (with a line number when the selector spans lines).
 * When a reason is not recognised, Artemis's own text is used.
 */
final class SelectorSyntaxErrors {

    private static final Pattern PARSE_ERROR = Pattern.compile(
            "Parse error at line (\\d+), column (\\d+)\\.\\s+Encountered: (.*)", Pattern.DOTALL);
    private static final Pattern LEXICAL_ERROR = Pattern.compile(
            "Lexical error at line (\\d+), column (\\d+)\\.\\s+Encountered: (<EOF>|'(.*?)' \\(\\d+\\)),?"
                    + "(?:\\s*after (?:prefix )?:? ?\"(.*)\")?\\s*",
            Pattern.DOTALL);
    private static final Pattern NOT_BOOLEAN = Pattern.compile("Expression will not result in a boolean value: (.*)",
            Pattern.DOTALL);
    private static final Pattern NOT_ORDERABLE = Pattern.compile("Value '(.*)' cannot be compared\\.");
    private static final Pattern NOT_COMPARABLE = Pattern.compile("'(.*)' cannot be compared\\.");
    private static final Pattern BAD_ESCAPE = Pattern.compile(
            "The ESCAPE string lit+eral is invalid\\..*Lit+eral used: (.*)", Pattern.DOTALL);

    private SelectorSyntaxErrors() {
    }

    /**
     * Describes why the selector was rejected.
     *
     * @param selector the selector Artemis's parser rejected
     * @param reason the cause Artemis's parser reported
     */
    static String describe(String selector, Throwable reason) {
        if (reason instanceof ParseException) {
            return describeParseError(selector, reason.getMessage());
        }
        if (reason instanceof TokenMgrError) {
            return describeLexicalError(reason.getMessage());
        }
        return describeRejectedExpression(reason.getMessage());
    }

    private static String describeParseError(String selector, String text) {
        Matcher notBoolean = NOT_BOOLEAN.matcher(String.valueOf(text));
        if (notBoolean.matches()) {
            return "it must be a condition that is true or false, but " + notBoolean.group(1) + " is a value";
        }
        Matcher parseError = PARSE_ERROR.matcher(String.valueOf(text));
        if (!parseError.matches()) {
            return firstLine(text);
        }
        String encountered = parseError.group(3).trim();
        if (encountered.equals("<EOF>")) {
            String last = lastTokenOf(selector);
            return last == null ? "it ends too early" : "it ends too early; something is missing after \"" + last + "\"";
        }
        return "unexpected \"" + encountered + "\" at "
                + position(Integer.parseInt(parseError.group(1)), Integer.parseInt(parseError.group(2)));
    }

    private static String lastTokenOf(String selector) {
        try {
            List<Token> tokens = SelectorTokens.of(selector);
            return tokens.isEmpty() ? null : tokens.get(tokens.size() - 1).image;
        } catch (TokenMgrError e) {
            return null;
        }
    }

    private static String describeLexicalError(String message) {
        String text = String.valueOf(message);
        Matcher lexical = LEXICAL_ERROR.matcher(text);
        if (!lexical.matches()) {
            return firstLine(text);
        }
        int line = Integer.parseInt(lexical.group(1));
        int column = Integer.parseInt(lexical.group(2));
        String character = lexical.group(4);
        String before = lexical.group(5) == null ? "" : lexical.group(5).replace("\\'", "'").replace("\\\"", "\"");
        if (character == null) {
            if (before.startsWith("'")) {
                return "a string literal is not closed; it starts with " + before + " and needs a closing '";
            }
            if (before.startsWith("\"")) {
                return "a quoted identifier is not closed; it starts with " + before + " and needs a closing \"";
            }
            return "it ends in the middle of \"" + before + "\"";
        }
        if (before.isEmpty()) {
            return "unexpected character '" + character + "' at " + position(line, column);
        }
        return "unexpected \"" + before + character + "\" at " + position(line, column - before.length());
    }

    private static String describeRejectedExpression(String message) {
        String text = String.valueOf(message);
        Matcher match = NOT_ORDERABLE.matcher(text);
        if (match.matches()) {
            return match.group(1) + " cannot be used with <, <=, >, >= or BETWEEN; only numbers can be ordered";
        }
        match = NOT_COMPARABLE.matcher(text);
        if (match.matches()) {
            return match.group(1) + " cannot be compared with = or <>"
                    + ("NULL".equals(match.group(1)) ? "; use IS NULL or IS NOT NULL" : "");
        }
        match = BAD_ESCAPE.matcher(text);
        if (match.matches()) {
            return "the ESCAPE character must be a single character, not '" + match.group(1) + "'";
        }
        return firstLine(text);
    }

    private static String position(int line, int column) {
        return line > 1 ? "line " + line + ", position " + column : "position " + column;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "it cannot be parsed";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }
}
