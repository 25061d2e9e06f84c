package dev.junctionmq.broker.security;

import java.util.Locale;

/** What a principal may be allowed to do with a topic. */
public enum Action {
    SEND,
    CONSUME,
    BROWSE,
    /** Create topics, including temporary ones. */
    CREATE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
