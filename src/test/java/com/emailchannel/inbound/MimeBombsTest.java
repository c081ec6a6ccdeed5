package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile messages under the walk's production limits (depth 50, 1,000 parts, 50 MB, 256 KB of header): each is
 * read up to a limit and kept with a flag, in bounded memory; none hangs the walk (the timeouts guard against
 * hangs, they measure nothing).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MimeBombsTest {

    private static final MimeWalk.Limits LIMITS = MimeWalk.Limits.DEFAULT;
    private final MimeWalk walk = new MimeWalk(LIMITS);

    @Test
    void shouldStopAtTheLimitOfTenThousandParts() throws IOException {
        StringBuilder raw = new StringBuilder("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < 10_000; i++) {
            raw.append("--b\r\nContent-Type: application/octet-stream; name=p").append(i).append("\r\n\r\nx\r\n");
        }
        raw.append("--b--\r\n");

        WalkedMessage message = walk.walk(stream(raw.toString()));

        assertThat(message.flags()).contains("part-limit");
        assertThat(message.parts()).hasSize(LIMITS.maxParts());
    }

    @Test
    void shouldStopAtTheDepthLimitOfAThousandNestedMultiparts() throws IOException {
        StringBuilder raw = new StringBuilder("Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (int i = 1; i <= 1000; i++) {
            raw.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i)
                    .append("\r\n\r\n");
        }
        raw.append("--b1000\r\nContent-Type: text/plain\r\n\r\ndeep\r\n");

        WalkedMessage message = walk.walk(stream(raw.toString()));

        assertThat(message.flags()).contains("depth-limit");
    }

    @Test
    void shouldStopAtTheHeaderLimitOfAFiftyMegabyteHeaderBlock() throws IOException {
        byte[] field = "X-Junk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".getBytes();
        InputStream raw = new Repeating(field, 50L << 20);

        long allocated = allocatedBy(() -> assertThat(walk.walk(raw).flags()).contains("header-limit"));

        assertThat(allocated).as("bounded by the 256 KB header limit").isLessThan(16L << 20);
    }

    @Test
    void shouldStopAtTheSizeLimitOfAFiftyMegabyteHeaderLine() throws IOException {
        // one unbroken line: mime4j reads a line whole before it counts the header, so the size limit stops it
        InputStream raw = new SequenceInputStream(stream("Subject: "), new Repeating("a".getBytes(), 60L << 20));

        long allocated = allocatedBy(() -> assertThat(walk.walk(raw).flags()).contains("size-limit"));

        assertThat(allocated).as("bounded by the 50 MB size limit").isLessThan(4 * LIMITS.maxBytes());
    }

    @Test
    void shouldStopAtTheSizeLimitOfBase64ThatDecodesToGigabytes() throws IOException {
        String head = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/zip\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n";
        byte[] line = ("A".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        InputStream raw = new SequenceInputStream(stream(head), new Repeating(line, 4L << 30));

        long allocated = allocatedBy(() -> assertThat(walk.walk(raw).flags()).contains("size-limit"));

        assertThat(allocated).as("bounded by the 50 MB limit, not the 3 GB the body decodes to")
                .isLessThan(4 * LIMITS.maxBytes());
    }

    @Test
    void shouldKeepWhatItCanOfMalformedBoundariesInvalidCharsetsAndNulBytes() throws IOException {
        String raw = "Subject: =?x-unknown?B?AAAA?=\r\nContent-Type: multipart/mixed; boundary=\"unterminated\r\n\r\n"
                + "--unterminated\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\nhello\0world\r\n"
                + "--unterminated\r\nContent-Type: text/html; charset=\"\"\r\n\r\n<p>\0</p>\r\n";

        WalkedMessage message = walk.walk(stream(raw));

        assertThat(message.text()).contains("hello").contains("world");
        assertThat(message.html()).contains("<p>");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    interface Walked {
        void run() throws IOException;
    }

    /** Bytes allocated by this thread while the walk ran. */
    private static long allocatedBy(Walked walked) throws IOException {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        walked.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /** {@code unit} repeated up to {@code total} bytes, generated as read: a huge message without the memory. */
    private static final class Repeating extends InputStream {
        private final byte[] unit;
        private final long total;
        private long position;

        Repeating(byte[] unit, long total) {
            this.unit = unit;
            this.total = total;
        }

        @Override
        public int read() {
            return position < total ? unit[(int) (position++ % unit.length)] : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= total) {
                return -1;
            }
            int n = (int) Math.min(length, total - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = unit[(int) ((position + i) % unit.length)];
            }
            position += n;
            return n;
        }
    }
}
