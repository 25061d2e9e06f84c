package dev.junctionmq.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** A fresh directory for benchmark files, deleted with everything in it on {@link #close()}. */
public final class ScratchDirectory implements AutoCloseable {

    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    /** Creates {@code parent/<prefix>NNNN}, creating {@code parent} first if needed. */
    public static ScratchDirectory createIn(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        return new ScratchDirectory(Files.createTempDirectory(parent, prefix));
    }

    public Path path() {
        return path;
    }

    /** Deletes {@code directory} and everything below it; a missing directory is fine. */
    /** "dir D on DEVICE (TYPE)": which file system the figures were measured on. */
    public static String describe(Path directory) {
        try {
            java.nio.file.FileStore store = java.nio.file.Files.getFileStore(directory);
            return "dir " + directory + " on " + store.name() + " (" + store.type() + ")";
        } catch (IOException e) {
            return "dir " + directory;
        }
    }

    public static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    @Override
    public void close() {
        deleteRecursively(path);
    }
}
