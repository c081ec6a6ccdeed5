package com.emailchannel.inbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Hands out a {@link MessageSpool} per drained message: at most {@code memoryPerMessage} bytes of it in memory,
 * the rest in temporary files under {@code directory} ({@code inbound-*.tmp}), deleted when the message's exchange
 * completes. Files a killed process left behind are removed when the next one starts (those not touched for an
 * hour: a message is read and stored in well under that, and an instance sharing the directory keeps its own).
 */
public final class Spooler {

    static final String FILE_PREFIX = "inbound-";
    private static final Duration STALE = Duration.ofHours(1);

    private final Path directory;
    private final long memoryPerMessage;

    public Spooler(Path directory, long memoryPerMessage) {
        this.directory = directory;
        this.memoryPerMessage = memoryPerMessage;
        removeStale();
    }

    public MessageSpool open() {
        return new MessageSpool(directory, memoryPerMessage);
    }

    public Path directory() {
        return directory;
    }

    private void removeStale() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        Instant before = Instant.now().minus(STALE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, FILE_PREFIX + "*.tmp")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
