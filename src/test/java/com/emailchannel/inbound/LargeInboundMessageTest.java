package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.outbound.EmbeddedMailServer;
import com.emailchannel.testing.Api;
import com.emailchannel.testing.DovecotMailbox;
import com.emailchannel.testing.InboundMail;
import com.emailchannel.testing.LocalMailServer;
import com.emailchannel.testing.Mailboxes;
import com.emailchannel.testing.Queries;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.TcpProxy;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A 25 MB reply (an 18 MB PDF-like attachment, base64-encoded, and a line of text) delivered into the service's
 * real IMAP mailbox (GreenMail) and drained by the running service: stored once, its attachment served back byte
 * for byte, and ingested in memory that does not grow with the message.
 *
 * <p>How memory is measured: everything the service does to ingest a message (IMAP fetch, MIME walk, INSERT) runs
 * on the mailbox route's consumer thread, so the bytes that thread allocates while the message is drained
 * ({@code ThreadMXBean#getThreadAllocatedBytes}) bound the heap the ingestion can have held at any moment: a
 * retained copy of the message or of its attachment would have had to be allocated first. The IMAP server, the
 * test's SMTP client and the download run on other threads and are not counted.
 *
 * <p>The spool's temporary files are gone after the message is stored, and after a fetch that failed: the IMAP
 * connection cut (a {@link TcpProxy} in front of GreenMail) while the message was being written to its file. From
 * a real Dovecot server, the stored raw bytes and attachment are the message's own, byte for byte.
 */
class LargeInboundMessageTest {

    private static final int LARGE_ATTACHMENT = 18 * 1024 * 1024;
    private static final int SMALL_ATTACHMENT = 750 * 1024;
    private static final String MAILBOX = "large@mx.test";

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();

    @Test
    void shouldStoreA25MegabyteMessageOnceInFlatMemoryAndServeItsAttachmentByteForByte() throws Exception {
        String key = api.newWorkspaceKey("large inbound");
        String domain = VerifiedSetups.create(api, key).get("domain").asText();
        Random random = new Random(25);
        ingest(domain, pdf(random, SMALL_ATTACHMENT)); // warm-up: classes loaded, code paths run once

        byte[] small = pdf(random, SMALL_ATTACHMENT);
        Ingested smallMessage = ingest(domain, small);
        byte[] large = pdf(random, LARGE_ATTACHMENT);
        Ingested largeMessage = ingest(domain, large);

        System.out.printf("ingestion allocated on the mailbox thread: %,d bytes for a %,d-byte message, "
                + "%,d bytes for a %,d-byte message%n", smallMessage.allocated, smallMessage.size,
                largeMessage.allocated, largeMessage.size);
        assertThat(Queries.count(service.dataSource(),
                "select count(*) from inbound_messages where message_id = '" + largeMessage.messageId + "'"))
                .as("stored once").isEqualTo(1);
        assertThat(largeMessage.size).isGreaterThan(25_000_000);
        JsonNode inbound = api.get("/v1/email/inbound/" + largeMessage.inboundId(api, key), key).json();
        JsonNode attachment = inbound.get("attachments").get(0);
        assertThat(attachment.get("filename").asText()).isEqualTo("scan.pdf");
        assertThat(attachment.get("size").asLong()).isEqualTo(LARGE_ATTACHMENT);
        long beforeDownload = threadsAllocated("vert.x");
        HttpResponse<InputStream> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(service.baseUrl() + attachment.get("path").asText()))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(sha256(download.body())).as("downloaded bytes").isEqualTo(sha256(large));
        // reported, not bounded: the bytes pass through a slice array and Vert.x buffers, so allocation grows with
        // the size even though at most a slice (1 MB) and the response's write queue are held at a time
        System.out.printf("download allocated on the HTTP server's threads: %,d bytes for %,d bytes%n",
                threadsAllocated("vert.x") - beforeDownload, LARGE_ATTACHMENT);
        // The bound: a third of the attachment (6 MB). A whole copy of the decoded attachment (18 MB), let alone of
        // the message (25 MB), would exceed it on its own, and the code before streaming made several (the raw
        // byte[], the decoded part, its base64 inside a JSON parameter: 383 MB allocated for this message). What
        // streaming allocates is the message's in-memory share of its spool (inbound.spool-memory-bytes, 1 MB),
        // read and copy buffers, per-fetch bookkeeping, and the mailbox polls made while the message is delivered
        // and drained (all counted: the window opens before the SMTP delivery).
        assertThat(largeMessage.allocated).as("allocated while ingesting 25 MB").isLessThan(LARGE_ATTACHMENT / 3);
        // flat: 25 times the size costs less than 2 MB more than the 1 MB message
        assertThat(largeMessage.allocated - smallMessage.allocated).isLessThan(2L * 1024 * 1024);
        assertThat(spoolFiles()).as("spool files left after storing").isEmpty();
    }

    @Test
    void shouldLeaveNoSpoolFileWhenTheImapConnectionIsCutWhileA25MegabyteMessageIsFetched() throws Exception {
        GreenMail mail = LocalMailServer.start();
        Path spool = Files.createTempDirectory(Path.of("target"), "inbound-spool-");
        String messageId = "<cut-" + UUID.randomUUID() + "@example.org>";
        InboundMail.deliver(mail.getSmtp().getPort(), MAILBOX, message(messageId, "care@nowhere.example",
                pdf(new Random(3), LARGE_ATTACHMENT)));
        TcpProxy proxy = new TcpProxy(mail.getImap().getPort());
        Map<String, String> properties = RunningService.isolated();
        RunningService.drainMailbox(properties, proxy.port(), MAILBOX, "secret");
        properties.put("inbound.spool-dir", spool.toString());
        RunningService cut = RunningService.start(properties);
        try {
            // the raw message outgrew its share of memory: it is being fetched into a file; cut the connection
            // (GreenMail's connection thread then fails on the cut socket: not this test's failure)
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .dontCatchUncaughtExceptions().until(() -> !listFiles(spool).isEmpty());
            proxy.cutAll();

            Awaitility.await().atMost(Duration.ofSeconds(120)).dontCatchUncaughtExceptions().until(() -> Queries.count(cut.dataSource(),
                    "select count(*) from inbound_messages where message_id = '" + messageId + "'") == 1
                    && Mailboxes.unseen(mail.getImap().getPort(), MAILBOX) == 0);
            assertThat(proxy.connections()).as("reconnected after the cut").isGreaterThanOrEqualTo(2);
            assertThat(Queries.count(cut.dataSource(), "select count(*) from inbound_messages")).isEqualTo(1);
            assertThat(listFiles(spool)).as("spool files left after the failed and the successful fetch").isEmpty();
        } finally {
            cut.close();
            proxy.close();
            mail.stop();
        }
    }

    @Test
    void shouldStoreA25MegabyteMessageFromDovecotByteForByte() throws Exception {
        byte[] attachment = pdf(new Random(7), LARGE_ATTACHMENT);
        String messageId = "<dovecot-" + UUID.randomUUID() + "@example.org>";
        byte[] raw = message(messageId, "care@nowhere.example", attachment).getBytes(StandardCharsets.US_ASCII);
        try (DovecotMailbox dovecot = DovecotMailbox.start()) {
            dovecot.put("large.eml:2,", raw);
            Map<String, String> properties = RunningService.isolated();
            RunningService.drainMailbox(properties, dovecot.port(), DovecotMailbox.USER, DovecotMailbox.PASSWORD);
            RunningService drained = RunningService.start(properties);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> dovecot.unseen() == 0);
                try (Connection c = drained.dataSource().getConnection(); ResultSet row = c.createStatement().executeQuery(
                        "select encode(sha256(m.raw), 'hex'), encode(b.sha256, 'hex'), encode(sha256(b.content), 'hex')"
                                + " from inbound_messages m join inbound_attachments a on a.inbound_id = m.id"
                                + " join blobs b on b.sha256 = a.sha256 where m.message_id = '" + messageId + "'")) {
                    assertThat(row.next()).as("stored").isTrue();
                    // the partial fetches (256 KB, 512 KB, then 1 MB each) put together are the message as Dovecot
                    // keeps it, and the attachment is decoded from them exactly
                    assertThat(row.getString(1)).isEqualTo(sha256(raw));
                    assertThat(row.getString(2)).isEqualTo(sha256(attachment));
                    assertThat(row.getString(3)).isEqualTo(sha256(attachment));
                    assertThat(row.next()).as("stored once").isFalse();
                }
            } finally {
                drained.close();
            }
        }
    }

    private record Ingested(String messageId, long size, long allocated) {

        String inboundId(Api api, String key) {
            for (JsonNode item : api.get("/v1/email/inbound?limit=50", key).json().get("items")) {
                if (item.get("messageId").asText().equals(messageId)) {
                    return item.get("id").asText();
                }
            }
            throw new AssertionError("not listed: " + messageId);
        }
    }

    /** Delivers a reply carrying {@code attachment} and waits until it is stored and flagged \Seen. */
    private Ingested ingest(String domain, byte[] attachment) throws Exception {
        String messageId = "<large-" + UUID.randomUUID() + "@example.org>";
        String raw = message(messageId, "care@" + domain, attachment);
        long before = mailboxThreadsAllocated();
        InboundMail.deliver(service, raw);
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                Queries.count(service.dataSource(), "select count(*) from inbound_messages where message_id = '"
                        + messageId + "'") == 1
                && Mailboxes.unseen(service.mailServer().getImap().getPort(), EmbeddedMailServer.INBOUND_MAILBOX) == 0);
        return new Ingested(messageId, raw.length(), mailboxThreadsAllocated() - before);
    }

    /** A reply with a line of text and {@code attachment} as scan.pdf, base64-encoded in 76-character lines. */
    private static String message(String messageId, String to, byte[] attachment) {
        return String.join("\r\n", "From: Patient <patient@example.org>", "To: " + to,
                "Subject: the scan you asked for", "Message-ID: " + messageId, "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"b\"", "", "--b", "Content-Type: text/plain; charset=utf-8", "",
                "Here is the scan.", "--b", "Content-Type: application/pdf; name=\"scan.pdf\"",
                "Content-Disposition: attachment; filename=\"scan.pdf\"", "Content-Transfer-Encoding: base64", "",
                Base64.getMimeEncoder().encodeToString(attachment), "--b--", "");
    }

    private List<Path> spoolFiles() throws IOException {
        return listFiles(service.camelContext().getRegistry().lookupByNameAndType("inboundSpooler", Spooler.class)
                .directory());
    }

    private static List<Path> listFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    /** Bytes allocated so far by the threads that drain the service's mailbox (camel-mail's consumer). */
    private long mailboxThreadsAllocated() {
        return threadsAllocated("imap://127.0.0.1:" + service.mailServer().getImap().getPort());
    }

    private static long threadsAllocated(String nameContaining) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(t -> t != null && t.getThreadName().contains(nameContaining)).mapToLong(ThreadInfo::getThreadId)
                .toArray();
        assertThat(ids).as("threads named *" + nameContaining + "*").isNotEmpty();
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum();
    }

    /** {@code size} bytes that start like a PDF and then are random (incompressible, like a scanned document). */
    private static byte[] pdf(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
