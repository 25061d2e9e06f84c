package dev.junctionmq.bench.engine;

/**
 * What the consumers of a cell received, checked against what the producers sent.
 *
 * @param deliveries all deliveries, duplicates included
 * @param distinct   distinct (producer, sequence) pairs received
 * @param lost       sent messages never received
 * @param duplicates deliveries of a message received before
 * @param unexpected deliveries that no producer sent (unknown stamp, or a sequence number past the producer's count)
 */
public record DeliveryCounts(long deliveries, long distinct, long lost, long duplicates, long unexpected) {

    /** Nothing lost, nothing twice, nothing foreign. */
    public boolean exact() {
        return lost == 0 && duplicates == 0 && unexpected == 0;
    }
}
