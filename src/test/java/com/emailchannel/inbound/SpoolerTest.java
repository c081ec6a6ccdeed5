package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolerTest {

    @TempDir
    Path directory;

    @Test
    void shouldKeepAMessageInMemoryUpToItsShareAndTheRestInFilesDeletedOnClose() throws IOException {
        Spooler spooler = new Spooler(directory, 100_000);
        try (MessageSpool spool = spooler.open()) {
            SpooledContent first = spool.newContent();
            first.write(new byte[60_000]);
            first.close();
            SpooledContent second = spool.newContent();
            for (int i = 0; i < 10; i++) {
                second.write(new byte[10_000], 0, 10_000);
            }
            second.close();

            assertThat(first.inMemory()).isTrue();
            assertThat(second.inMemory()).as("past the message's 100,000 bytes of memory").isFalse();
            assertThat(second.size()).isEqualTo(100_000);
            try (InputStream in = second.openStream()) {
                assertThat(in.readAllBytes()).hasSize(100_000);
            }
            assertThat(files()).hasSize(1);
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void shouldRemoveFilesAKilledProcessLeftWhenTheNextStarts() throws IOException {
        Path stale = Files.createTempFile(directory, Spooler.FILE_PREFIX, ".tmp");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path inUse = Files.createTempFile(directory, Spooler.FILE_PREFIX, ".tmp");
        Path other = Files.createFile(directory.resolve("not-ours.txt"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        new Spooler(directory, 1024);

        assertThat(files()).containsExactlyInAnyOrder(inUse, other);
    }

    private java.util.List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
