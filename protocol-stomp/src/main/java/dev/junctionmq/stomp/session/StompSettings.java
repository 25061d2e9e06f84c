package dev.junctionmq.stomp.session;

/**
 * The connection behaviour configurable under {@code stomp.*}.
 *
 * @param heartBeatSendMillis    the server's {@code sx}: how often it can send heart-beats; 0 = never
 * @param heartBeatReceiveMillis the server's {@code sy}: how often it wants them; 0 = does not check
 * @param clientPrefetch         default window of a client/client-individual subscription (unacknowledged messages)
 * @param autoPrefetch           default window of an auto-ack subscription (messages not yet written)
 */
public record StompSettings(long heartBeatSendMillis, long heartBeatReceiveMillis, int clientPrefetch,
                            int autoPrefetch) {

    public StompSettings {
        if (heartBeatSendMillis < 0 || heartBeatReceiveMillis < 0 || clientPrefetch <= 0 || autoPrefetch <= 0) {
            throw new IllegalArgumentException("STOMP heart-beats must be >= 0 and prefetch sizes > 0");
        }
    }
}
