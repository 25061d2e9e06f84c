package dev.junctionmq.bench;

/** A command line a subcommand cannot make sense of; the message says why. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
