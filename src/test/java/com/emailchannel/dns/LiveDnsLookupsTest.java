package com.emailchannel.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.dns.sandbox.SandboxDnsServer;
import com.emailchannel.testing.DnsPublisher;
import com.emailchannel.testing.FreePorts;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/** Live lookups against a real DNS server over UDP and TCP (the sandbox server, on loopback). */
class LiveDnsLookupsTest {

    private SandboxDnsServer server;
    private DnsPublisher publisher;
    private LiveDnsLookups lookups;

    @BeforeEach
    void startServer() throws Exception {
        server = SandboxDnsServer.start(FreePorts.next());
        publisher = new DnsPublisher(server.address());
        lookups = new LiveDnsLookups(List.of(new InetSocketAddress("127.0.0.1", server.port())), Duration.ofMillis(300));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldJoinTheCharacterStringsOfATxtRecord() {
        String key = "v=DKIM1; k=rsa; p=" + "A".repeat(400);
        publisher.txt("s1._domainkey.example.org", key, 255);

        DnsAnswer answer = lookups.txt("s1._domainkey.example.org").join();

        assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.FOUND);
        assertThat(answer.values()).containsExactly(key);
    }

    @Test
    void shouldFallBackToTcpWhenTheUdpAnswerIsTruncated() {
        for (int i = 0; i < 8; i++) {
            publisher.txt("big.example.org", i + "-" + "B".repeat(600), 255);
        }
        int tcpBefore = server.tcpMessages();

        DnsAnswer answer = lookups.txt("big.example.org").join();

        assertThat(answer.values()).hasSize(8).allMatch(value -> value.length() == 602);
        assertThat(server.tcpMessages()).isEqualTo(tcpBefore + 1);
    }

    @Test
    void shouldReadMxRecords() {
        publisher.mx("example.org", 10, "MX.Inbound.Example.");

        assertThat(lookups.mx("example.org").join().values()).containsExactly("10 MX.Inbound.Example");
    }

    @Test
    void shouldTellAnAbsentNameFromAnAbsentType() {
        publisher.mx("example.org", 10, "mx.inbound.example");

        assertThat(lookups.txt("nothing.example.org").join().outcome()).isEqualTo(DnsAnswer.Outcome.ABSENT);
        assertThat(lookups.txt("example.org").join().outcome()).isEqualTo(DnsAnswer.Outcome.ABSENT);
    }

    @Test
    void shouldSeeAChangeAtOnceBecauseNothingIsCached() {
        publisher.txt("_dmarc.example.org", "v=DMARC1; p=none");
        assertThat(lookups.txt("_dmarc.example.org").join().values()).hasSize(1);

        publisher.remove("_dmarc.example.org", org.xbill.DNS.Type.TXT);

        assertThat(lookups.txt("_dmarc.example.org").join().outcome()).isEqualTo(DnsAnswer.Outcome.ABSENT);
    }

    @Test
    void shouldReportServfailAsAFailedLookup() {
        server.answerEveryQueryWith(Rcode.SERVFAIL);

        DnsAnswer answer = lookups.txt("example.org").join();

        assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.FAILED);
        assertThat(answer.detail()).contains("SERVFAIL");
    }

    @Test
    void shouldReportASilentServerAsATimeout() {
        LiveDnsLookups silent = new LiveDnsLookups(List.of(new InetSocketAddress("127.0.0.1", FreePorts.next())),
                Duration.ofMillis(200));

        DnsAnswer answer = silent.txt("example.org").join();

        assertThat(answer.outcome()).isEqualTo(DnsAnswer.Outcome.FAILED);
    }

    @Test
    void shouldAnswerAgainOnceAStoppedServerIsBack() throws Exception {
        publisher.txt("_dmarc.example.org", "v=DMARC1; p=none");
        int port = server.port();
        server.close();
        DnsAnswer duringOutage = lookups.txt("_dmarc.example.org").join();

        server = SandboxDnsServer.start(port);
        new DnsPublisher(server.address()).txt("_dmarc.example.org", "v=DMARC1; p=reject");
        DnsAnswer afterRestart = lookups.txt("_dmarc.example.org").join();

        assertThat(duringOutage.outcome()).isEqualTo(DnsAnswer.Outcome.FAILED);
        assertThat(duringOutage.detail()).doesNotContain("null");
        assertThat(afterRestart.values()).containsExactly("v=DMARC1; p=reject");
    }

    @Test
    void shouldParseConfiguredServers() {
        assertThat(LiveDnsLookups.parseServers("127.0.0.1:5353, 127.0.0.2"))
                .containsExactly(new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("127.0.0.2", 53));
        assertThat(LiveDnsLookups.parseServers(" ")).isEmpty();
    }
}
