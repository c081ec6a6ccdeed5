package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.outbound.EmbeddedMailServer;
import com.emailchannel.testing.FreePorts;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded mailbox (GreenMail, in the heap) drained by an IMAP client that flags what it stored, as the
 * mailbox route does: the trim keeps the newest seen messages up to its bound and every unseen one.
 */
class SeenMailTrimTest {

    private EmbeddedMailServer server;
    private Store store;
    private Folder inbox;
    private int delivered;

    @BeforeEach
    void start() throws MessagingException {
        server = EmbeddedMailServer.start(FreePorts.next(), FreePorts.next());
        store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", server.imapPort(), EmbeddedMailServer.INBOUND_MAILBOX, "any");
    }

    @AfterEach
    void stop() throws MessagingException {
        store.close();
        server.close();
    }

    @Test
    void shouldKeepTheNewestSeenMessagesAndEveryUnseenOne() throws Exception {
        deliver(30);
        open();
        // 1-25 stored and flagged, but for 3, which failed and stays unseen; 26-30 not drained yet
        inbox.setFlags(new int[] {1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
            25}, new Flags(Flags.Flag.SEEN), true);

        assertThat(new SeenMailTrim(10).trim(inbox)).isEqualTo(14);

        assertThat(numbers()).containsExactly(3, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
        assertThat(server.greenMail().getReceivedMessages()).as("what the mail server holds").hasSize(16);
    }

    @Test
    void shouldHoldTheBoundWhileMailKeepsComing() throws Exception {
        SeenMailTrim trim = new SeenMailTrim(20);
        for (int round = 0; round < 12; round++) {
            deliver(15);
            open();
            inbox.setFlags(1, inbox.getMessageCount(), new Flags(Flags.Flag.SEEN), true);
            trim.trim(inbox);
            inbox.close(false);
            assertThat(server.greenMail().getReceivedMessages()).as("after round %d", round)
                    .hasSizeLessThanOrEqualTo(20);
        }
        open();
        assertThat(numbers()).as("the newest 20 of 180").startsWith(161).endsWith(180).hasSize(20);
    }

    @Test
    void shouldKeepEverythingWhenUnbounded() throws Exception {
        deliver(5);
        open();
        inbox.setFlags(1, 5, new Flags(Flags.Flag.SEEN), true);

        assertThat(new SeenMailTrim(-1).trim(inbox)).isZero();
        assertThat(new SeenMailTrim(5).trim(inbox)).isZero();

        assertThat(numbers()).containsExactly(1, 2, 3, 4, 5);
    }

    /** Puts messages straight into the mailbox (what SMTP delivery ends in, without its round trips). */
    private void deliver(int count) {
        GreenMailUser user = server.greenMail().getUserManager().getUserByEmail(EmbeddedMailServer.INBOUND_MAILBOX);
        for (int i = 0; i < count; i++) {
            delivered++;
            user.deliver(GreenMailUtil.newMimeMessage(String.join("\r\n", "From: patient@example.org",
                    "To: care@clinic.example", "Subject: " + delivered,
                    "Message-ID: <trim-" + delivered + "@example.org>", "", "Hello", "")));
        }
    }

    private void open() throws MessagingException {
        inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
    }

    private List<Integer> numbers() throws MessagingException {
        List<Integer> numbers = new ArrayList<>();
        Message[] messages = inbox.getMessages();
        FetchProfile envelope = new FetchProfile();
        envelope.add(FetchProfile.Item.ENVELOPE);
        inbox.fetch(messages, envelope);
        for (Message message : messages) {
            numbers.add(number(message));
        }
        return numbers;
    }

    private static int number(Message message) throws MessagingException {
        return Integer.parseInt(message.getSubject());
    }
}
