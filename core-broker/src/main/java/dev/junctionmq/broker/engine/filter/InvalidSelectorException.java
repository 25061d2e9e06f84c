package dev.junctionmq.broker.engine.filter;

/**
 * A message selector that cannot be used: a syntax error, a comparison the selector language forbids, or an
 * extension that Jakarta Messaging does not define. The message quotes the selector and says what is wrong.
 */
public final class InvalidSelectorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String selector;
    private final String problem;

    InvalidSelectorException(String selector, String problem, Throwable cause) {
        super("Invalid message selector \"" + selector + "\": " + problem, cause);
        this.selector = selector;
        this.problem = problem;
    }

    /** The selector as it was given (may be {@code null}). */
    public String selector() {
        return selector;
    }

    /** What is wrong with it, in words, without the selector. */
    public String problem() {
        return problem;
    }
}
