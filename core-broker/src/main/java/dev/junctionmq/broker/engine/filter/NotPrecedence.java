package dev.junctionmq.broker.engine.filter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.apache.activemq.artemis.selector.strict.StrictParserConstants;
import org.apache.activemq.artemis.selector.strict.Token;

/**
 * Gives the logical {@code NOT} the precedence SQL92 and Jakarta Messaging give it, which Artemis's grammar does
 * not.
 *
 * <p>In a selector, {@code NOT} negates the whole condition that follows it, up to the next {@code AND},
 * {@code OR} or closing parenthesis: {@code NOT color = 'blue'} means {@code NOT (color = 'blue')}. Artemis's
 * grammar treats {@code NOT} as a unary operator on the next operand only, reading it as
 * {@code (NOT color) = 'blue'}, which is never true. This class rewrites the selector with explicit parentheses
 * around each logical {@code NOT}'s operand, which Artemis then reads as intended. The {@code NOT} of
 * {@code NOT LIKE}, {@code NOT IN}, {@code NOT BETWEEN} and {@code IS NOT NULL} is left alone.
 */
final class NotPrecedence {

    private NotPrecedence() {
    }

    /**
     * The selector, rebuilt from its tokens, with parentheses around the operand of every logical {@code NOT};
     * {@code null} if it has no logical {@code NOT} and needs no change. Comments are dropped.
     */
    static String parenthesize(List<Token> tokens) {
        StringBuilder rewritten = new StringBuilder();
        Deque<Integer> openNotDepths = new ArrayDeque<>();
        Deque<Integer> betweenDepths = new ArrayDeque<>();
        boolean changed = false;
        int depth = 0;
        Token previous = null;
        for (Token token : tokens) {
            if (SelectorTokens.is(token, StrictParserConstants.BETWEEN)) {
                betweenDepths.push(depth);
            }
            boolean endsCondition = SelectorTokens.is(token, StrictParserConstants.OR)
                    || SelectorTokens.is(token, ")")
                    || (SelectorTokens.is(token, StrictParserConstants.AND) && !andOfBetween(betweenDepths, depth));
            if (endsCondition) {
                closeAt(depth, openNotDepths, rewritten);
            }
            if (SelectorTokens.is(token, ")")) {
                depth--;
            }
            rewritten.append(token.image).append(' ');
            if (SelectorTokens.is(token, "(")) {
                depth++;
            }
            if (isLogicalNot(token, previous)) {
                rewritten.append("( ");
                openNotDepths.push(depth);
                changed = true;
            }
            previous = token;
        }
        closeAt(depth, openNotDepths, rewritten);
        return changed ? rewritten.toString().trim() : null;
    }

    /** A NOT that starts a condition, as opposed to the NOT in NOT LIKE, NOT IN, NOT BETWEEN or IS NOT NULL. */
    private static boolean isLogicalNot(Token token, Token previous) {
        return SelectorTokens.is(token, StrictParserConstants.NOT)
                && (previous == null
                        || SelectorTokens.is(previous, "(")
                        || SelectorTokens.is(previous, StrictParserConstants.AND)
                        || SelectorTokens.is(previous, StrictParserConstants.OR)
                        || SelectorTokens.is(previous, StrictParserConstants.NOT));
    }

    /** Whether an AND at this depth is the one of {@code BETWEEN x AND y}; consumes that BETWEEN if so. */
    private static boolean andOfBetween(Deque<Integer> betweenDepths, int depth) {
        if (!betweenDepths.isEmpty() && betweenDepths.peek() == depth) {
            betweenDepths.pop();
            return true;
        }
        return false;
    }

    private static void closeAt(int depth, Deque<Integer> openNotDepths, StringBuilder rewritten) {
        while (!openNotDepths.isEmpty() && openNotDepths.peek() == depth) {
            openNotDepths.pop();
            rewritten.append(") ");
        }
    }
}
