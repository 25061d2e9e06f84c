package dev.junctionmq.broker.store.file;

/** The files of a segmented log are not what the store wrote: wrong sizes, gaps, foreign names. */
public class SegmentLayoutException extends RuntimeException {

    public SegmentLayoutException(String message) {
        super(message);
    }
}
