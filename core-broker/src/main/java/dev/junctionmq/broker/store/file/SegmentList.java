package dev.junctionmq.broker.store.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ordered segments of one log (the commit log, or one consume queue): contiguous fixed-size files named by
 * start offset. Readers look segments up concurrently; only the log's single writer adds or truncates, and the
 * retention service removes from the front.
 */
public final class SegmentList {

    private static final Logger log = LoggerFactory.getLogger(SegmentList.class);

    private static final Pattern SEGMENT_NAME = Pattern.compile("\\d{20}");

    private final Path directory;
    private final int segmentSize;
    /** Whether readers take references (commit log): only then may a removed segment be unmapped at once. */
    private final boolean unmapRemoved;
    private final CopyOnWriteArrayList<MappedSegment> segments = new CopyOnWriteArrayList<>();

    /**
     * @param unmapRemoved true when every reader retains the segments it reads (the commit log), so removed
     *                     segments can be unmapped at once; false leaves their mappings to the garbage collector
     */
    public SegmentList(Path directory, int segmentSize, boolean unmapRemoved) {
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.unmapRemoved = unmapRemoved;
    }

    /**
     * Maps the existing segment files.
     *
     * @throws SegmentLayoutException if a file has the wrong size or the files leave a gap
     */
    public void load() {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> list = Files.list(directory)) {
                list.filter(p -> SEGMENT_NAME.matcher(p.getFileName().toString()).matches()).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + directory, e);
            }
        }
        long expectedStart = -1;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long start = Long.parseLong(file.getFileName().toString());
            long length = fileSize(file);
            if (length == 0 && i == files.size() - 1) {
                // Left by a crash of an older version between creating and sizing the file: it holds nothing.
                log.warn("deleting empty segment file {} (a crash interrupted its creation)", file);
                deleteEmpty(file);
                break;
            }
            if (length != segmentSize) {
                throw new SegmentLayoutException("segment " + file + " is " + length + " bytes but segments are "
                        + segmentSize + " bytes: the file was truncated, or the configured segment size changed");
            }
            if (start % segmentSize != 0 || (expectedStart >= 0 && start != expectedStart)) {
                throw new SegmentLayoutException("segment " + file + " does not follow the previous segment (expected "
                        + "a segment starting at " + expectedStart + "): a segment file is missing or misnamed");
            }
            segments.add(MappedSegment.map(file, start, segmentSize));
            expectedStart = start + segmentSize;
        }
    }

    public Path directory() {
        return directory;
    }

    public int segmentSize() {
        return segmentSize;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public List<MappedSegment> segments() {
        return segments;
    }

    public MappedSegment first() {
        return segments.isEmpty() ? null : segments.get(0);
    }

    public MappedSegment last() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    /** The segment holding {@code offset}, or null if none does (deleted, or not written yet). */
    public MappedSegment find(long offset) {
        List<MappedSegment> snapshot = segments;
        if (snapshot.isEmpty()) {
            return null;
        }
        MappedSegment first = snapshot.get(0);
        if (offset < first.startOffset()) {
            return null;
        }
        int index = (int) ((offset - first.startOffset()) / segmentSize);
        if (index >= snapshot.size()) {
            return null;
        }
        MappedSegment segment = snapshot.get(index);
        // Retention may have removed a segment between reading first and reading index: fall back to a scan.
        if (segment.contains(offset)) {
            return segment;
        }
        for (MappedSegment s : snapshot) {
            if (s.contains(offset)) {
                return s;
            }
        }
        return null;
    }

    /** Maps a new segment starting at {@code startOffset}, which must follow the last one. */
    public MappedSegment add(long startOffset) {
        MappedSegment last = last();
        if (last != null && last.endOffset() != startOffset) {
            throw new IllegalStateException("new segment at " + startOffset + " does not follow " + last);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        MappedSegment segment = MappedSegment.map(directory.resolve(MappedSegment.fileName(startOffset)),
                startOffset, segmentSize);
        segments.add(segment);
        return segment;
    }

    /** Removes and destroys the first segment. */
    public void destroyFirst() {
        remove(segments.remove(0));
    }

    /** Destroys every segment that starts at or after {@code offset} (recovery truncation). */
    public void destroyFrom(long offset) {
        while (!segments.isEmpty() && last().startOffset() >= offset) {
            remove(segments.remove(segments.size() - 1));
        }
    }

    private void remove(MappedSegment segment) {
        if (unmapRemoved) {
            segment.destroy();
        } else {
            segment.deleteKeepingMapping();
        }
    }

    public long totalBytes() {
        return (long) segments.size() * segmentSize;
    }

    public void close() {
        if (unmapRemoved) {
            for (MappedSegment segment : segments) {
                segment.close();
            }
        }
        segments.clear();
    }

    private static void deleteEmpty(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete empty segment " + file, e);
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read size of " + file, e);
        }
    }
}
