package com.emailchannel.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.InboundMail;
import com.emailchannel.testing.LocalMailServer;
import com.emailchannel.testing.Queries;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.TcpProxy;
import com.icegreen.greenmail.util.GreenMail;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The IMAP connection is cut while the mailbox is being drained (twice): the route reconnects at its next poll,
 * and every message ends stored exactly once and flagged \Seen on the server.
 */
class ImapDropTest {

    private static final int MESSAGES = 20;
    private static final String MAILBOX = "drain@mx.test";

    @Test
    void shouldStoreEveryMessageOnceWhenTheConnectionDropsMidDrain() throws Exception {
        GreenMail mail = LocalMailServer.start();
        deliver(mail);
        TcpProxy proxy = new TcpProxy(mail.getImap().getPort());
        Map<String, String> properties = RunningService.isolated();
        RunningService.drainMailbox(properties, proxy.port(), MAILBOX, "secret");
        RunningService service = RunningService.start(properties);
        try {
            DataSource db = service.dataSource();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Queries.count(db, "select count(*) from inbound_messages") >= 3);
            proxy.cutAll();
            long afterFirstCut = Queries.count(db, "select count(*) from inbound_messages");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Queries.count(db, "select count(*) from inbound_messages") >= afterFirstCut + 3);
            proxy.cutAll();
            assertThat(Queries.count(db, "select count(*) from inbound_messages")).as("cut mid-drain").isLessThan(MESSAGES);

            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> Queries.count(db, "select count(*) from inbound_messages") == MESSAGES);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> com.emailchannel.testing.Mailboxes.unseen(mail.getImap().getPort(), MAILBOX) == 0);
            assertThat(proxy.connections()).as("reconnected after each cut").isGreaterThanOrEqualTo(3);
            try (Connection c = db.getConnection(); ResultSet rows = c.createStatement()
                    .executeQuery("select count(*), count(distinct message_id) from inbound_messages")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(MESSAGES);
                assertThat(rows.getLong(2)).isEqualTo(MESSAGES);
            }
        } finally {
            service.close();
            proxy.close();
            mail.stop();
        }
    }

    private static void deliver(GreenMail mail) {
        for (int i = 0; i < MESSAGES; i++) {
            InboundMail.deliver(mail.getSmtp().getPort(), MAILBOX, String.join("\r\n", "From: patient" + i + "@example.org",
                    "To: care@nowhere.example", "Subject: Message " + i, "Message-ID: <drop-" + i + "@example.org>", "",
                    "Body " + i, ""));
        }
    }
}
