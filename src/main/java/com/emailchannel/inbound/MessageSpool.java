package com.emailchannel.inbound;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one inbound message's bytes wait while it is walked and stored: its raw bytes and each part's decoded
 * bytes, as {@link SpooledContent}s. Up to {@code memoryLimit} bytes in all are kept in memory (a small message
 * never touches the disk); past that, content goes to temporary files in the spool directory, so the heap a
 * message takes does not grow with its size. {@link #close()} deletes the files, whatever happened.
 */
public final class MessageSpool implements AutoCloseable {

    private final Path directory;
    private final long memoryLimit;
    private final List<SpooledContent> contents = new ArrayList<>();
    private long memoryUsed;

    MessageSpool(Path directory, long memoryLimit) {
        this.directory = directory;
        this.memoryLimit = memoryLimit;
    }

    /** A spool that keeps everything in memory, whatever its size: for tests and tools that walk byte arrays. */
    public static MessageSpool inMemory() {
        return new MessageSpool(null, Long.MAX_VALUE);
    }

    public synchronized SpooledContent newContent() {
        SpooledContent content = new SpooledContent(this);
        contents.add(content);
        return content;
    }

    synchronized boolean reserveMemory(long bytes) {
        if (directory != null && memoryUsed + bytes > memoryLimit) {
            return false;
        }
        memoryUsed += bytes;
        return true;
    }

    synchronized void releaseMemory(long bytes) {
        memoryUsed -= bytes;
    }

    Path newFile() throws IOException {
        Files.createDirectories(directory);
        return Files.createTempFile(directory, Spooler.FILE_PREFIX, ".tmp");
    }

    /** Deletes every file of this spool. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (SpooledContent content : contents) {
            try {
                content.delete();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        contents.clear();
        memoryUsed = 0;
        if (failure != null) {
            throw failure;
        }
    }
}
