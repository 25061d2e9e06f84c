package dev.junctionmq.broker.store;

/** Another process already has the store directory open. */
public class StoreLockedException extends RuntimeException {

    public StoreLockedException(String message) {
        super(message);
    }
}
