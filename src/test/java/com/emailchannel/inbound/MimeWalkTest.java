package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MimeWalkTest {

    private final MimeWalk walk = new MimeWalk(new MimeWalk.Limits(20, 100, 1024 * 1024, 16 * 1024));

    @Test
    void shouldJoinSplitHtmlAndKeepTheImageBetweenAsAnAttachment() throws IOException {
        WalkedMessage message = walk(String.join("\r\n",
                "From: a@example.org", "Subject: =?UTF-8?Q?Caf=C3=A9?=", "Content-Type: multipart/alternative; boundary=A", "",
                "--A", "Content-Type: text/plain", "", "plain text", "--A", "Content-Type: multipart/mixed; boundary=B", "",
                "--B", "Content-Type: text/html", "", "<p>one</p>", "--B", "Content-Type: image/jpeg",
                "Content-Disposition: inline", "Content-Transfer-Encoding: base64", "", "AAEC", "--B",
                "Content-Type: text/html", "", "<p>two</p>", "--B--", "--A--", ""));

        assertThat(message.header("subject")).isEqualTo("Café");
        assertThat(message.text()).isEqualTo("plain text");
        assertThat(message.html()).isEqualTo("<p>one</p><p>two</p>");
        assertThat(message.parts()).singleElement().satisfies(part -> {
            assertThat(part.mimePath()).isEqualTo("1.2.2");
            assertThat(part.content().bytes()).containsExactly(0, 1, 2);
            assertThat(message.isInline(part)).isFalse();
        });
    }

    @Test
    void shouldMarkOnlyReferencedContentIdsInline() throws IOException {
        WalkedMessage message = walk(String.join("\r\n",
                "Content-Type: multipart/related; boundary=R", "", "--R", "Content-Type: text/html", "",
                "<img src=\"cid:logo@x\">", "--R", "Content-Type: image/png", "Content-ID: <logo@x>", "", "png", "--R",
                "Content-Type: image/png", "Content-ID: <unused@x>", "", "png", "--R--", ""));

        assertThat(message.parts()).hasSize(2);
        assertThat(message.isInline(message.parts().get(0))).isTrue();
        assertThat(message.parts().get(0).contentId()).isEqualTo("logo@x");
        assertThat(message.isInline(message.parts().get(1))).isFalse();
    }

    @Test
    void shouldKeepAForwardedMessageOpaqueAndNameItFromItsSubject() throws IOException {
        WalkedMessage message = walk(String.join("\r\n",
                "Content-Type: multipart/mixed; boundary=M", "", "--M", "Content-Type: text/plain", "", "see below", "--M",
                "Content-Type: message/rfc822", "", "Subject: Lab results", "Content-Type: multipart/mixed; boundary=I", "",
                "--I", "Content-Type: application/pdf; name=inner.pdf", "", "pdf", "--I--", "--M--", ""));

        assertThat(message.parts()).singleElement().satisfies(part -> {
            assertThat(part.contentType()).isEqualTo("message/rfc822");
            assertThat(part.innerSubject()).isEqualTo("Lab results");
            assertThat(new String(part.content().bytes(), StandardCharsets.US_ASCII)).contains("inner.pdf");
        });
    }

    @Test
    void shouldStopAtTheNestingLimitAndKeepWhatWasRead() throws IOException {
        StringBuilder raw = new StringBuilder("Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (int depth = 0; depth < 1000; depth++) {
            raw.append("--b").append(depth).append("\r\nContent-Type: multipart/mixed; boundary=b").append(depth + 1)
                    .append("\r\n\r\n");
        }
        WalkedMessage message = walk(raw.toString());

        assertThat(message.flags()).contains("depth-limit");
    }

    @Test
    void shouldStopAtThePartLimit() throws IOException {
        StringBuilder raw = new StringBuilder("Content-Type: multipart/mixed; boundary=P\r\n\r\n");
        for (int i = 0; i < 10_000; i++) {
            raw.append("--P\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n");
        }
        raw.append("--P--\r\n");

        WalkedMessage message = walk(raw.toString());

        assertThat(message.flags()).contains("part-limit");
        assertThat(message.parts()).hasSize(100);
    }

    @Test
    void shouldStopAtTheSizeAndHeaderLimits() throws IOException {
        WalkedMessage big = walk("Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(2 * 1024 * 1024));
        WalkedMessage header = walk("Subject: " + "y".repeat(64 * 1024) + "\r\n\r\nbody");

        assertThat(big.flags()).contains("size-limit");
        assertThat(header.flags()).contains("header-limit");
    }

    @Test
    void shouldSurviveBrokenBoundariesAndUnknownCharsets() throws IOException {
        WalkedMessage message = walk(String.join("\r\n", "Content-Type: multipart/mixed; boundary=X", "", "--X",
                "Content-Type: text/plain; charset=x-no-such-charset", "", "hello\u0000world", "--Y--", ""));

        assertThat(message.text()).contains("hello");
    }

    @Test
    void shouldNoticeCidReferencesInAnyLetterCase() {
        assertThat(MimeWalk.mentionsCid("<img src=\"cid:logo@x\">")).isTrue();
        assertThat(MimeWalk.mentionsCid("<img src=CID:logo>")).isTrue();
        assertThat(MimeWalk.mentionsCid("<img src='cId:logo'>")).isTrue();
        assertThat(MimeWalk.mentionsCid("<p>acid: no, said: no</p>")).isTrue();
        assertThat(MimeWalk.mentionsCid("<p>no references: here</p>")).isFalse();
        assertThat(MimeWalk.mentionsCid("id:")).isFalse();
    }

    @Test
    void shouldTakeACidWithBrokenPercentEscapesAsWritten() throws IOException {
        // found by Jazzer (ParsersFuzzTest): URLDecoder threw, and such a message failed at every poll
        WalkedMessage message = walk("Content-Type: text/html\r\n\r\n<img src=\"cid:%la\"><img src=\"cid:a%40b\">\r\n");

        assertThat(message.referencedContentIds()).containsExactly("%la", "a@b");
    }

    @Test
    void shouldKeepABoundedPrefixOfHugeBodyTextAndFlagIt() throws IOException {
        MimeWalk bounded = new MimeWalk(new MimeWalk.Limits(20, 100, 1024 * 1024, 16 * 1024, 1001));
        String text = "é".repeat(700); // 1,400 bytes of UTF-8, cut at 1,001: inside a character
        WalkedMessage message = bounded.walk(new ByteArrayInputStream(String.join("\r\n",
                "Content-Type: multipart/alternative; boundary=A", "", "--A", "Content-Type: text/plain; charset=utf-8",
                "", text, "--A", "Content-Type: text/html", "", "<p>" + "x".repeat(2000) + "</p>", "--A",
                "Content-Type: text/html", "", "<p>more</p>", "--A--", "").getBytes(StandardCharsets.UTF_8)));

        assertThat(message.text()).isEqualTo("é".repeat(500));
        assertThat(message.html()).hasSize(1001).startsWith("<p>xxx");
        assertThat(message.flags()).containsExactly("body-limit");
    }

    @Test
    void shouldSpoolPartsBeyondTheMessagesMemoryToFilesAndDeleteThemOnClose(@TempDir Path directory)
            throws IOException {
        byte[] big = new byte[300_000];
        new java.util.Random(1).nextBytes(big);
        String raw = String.join("\r\n", "Content-Type: multipart/mixed; boundary=M", "", "--M",
                "Content-Type: application/octet-stream; name=small.bin", "Content-Transfer-Encoding: base64", "",
                java.util.Base64.getMimeEncoder().encodeToString(new byte[] {1, 2, 3}), "--M",
                "Content-Type: application/octet-stream; name=big.bin", "Content-Transfer-Encoding: base64", "",
                java.util.Base64.getMimeEncoder().encodeToString(big), "--M--", "");
        Spooler spooler = new Spooler(directory, 64 * 1024);

        try (MessageSpool spool = spooler.open()) {
            WalkedMessage message = walk.walk(new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)), spool);

            SpooledContent small = message.parts().get(0).content();
            SpooledContent large = message.parts().get(1).content();
            assertThat(small.inMemory()).isTrue();
            assertThat(small.bytes()).containsExactly(1, 2, 3);
            assertThat(large.inMemory()).isFalse();
            assertThat(large.size()).isEqualTo(big.length);
            assertThat(large.bytes()).isEqualTo(big);
            assertThat(large.sha256()).isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(big));
            assertThat(Files.list(directory)).hasSize(1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        assertThat(Files.list(directory)).isEmpty();
    }

    private WalkedMessage walk(String raw) throws IOException {
        return walk.walk(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
