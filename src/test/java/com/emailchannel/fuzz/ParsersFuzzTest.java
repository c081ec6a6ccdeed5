package com.emailchannel.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.emailchannel.api.ApiProblem;
import com.emailchannel.api.JsonRequests;
import com.emailchannel.delivery.DeliveryReport;
import com.emailchannel.delivery.DeliveryReportParser;
import com.emailchannel.inbound.InboundClassifier;
import com.emailchannel.inbound.MimeWalk;
import com.emailchannel.inbound.WalkedMessage;
import com.emailchannel.send.SendRequests;
import com.emailchannel.setup.SetupRequests;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Whatever bytes arrive, the parsers answer: the MIME walk returns what it read (with flags), the bounce parser
 * returns a report, and the JSON request readers accept or refuse with a 4xx problem. Any other exception is a
 * crash Jazzer reports, and its input becomes a seed here.
 * In every build these run once per committed seed (src/test/resources/com/emailchannel/fuzz/ParsersFuzzTestInputs/);
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ParsersFuzzTest} fuzzes (see bench/README.md).
 */
class ParsersFuzzTest {

    private static final MimeWalk WALK = new MimeWalk(new MimeWalk.Limits(50, 1000, 1024 * 1024, 64 * 1024));
    private static final DeliveryReportParser REPORTS = new DeliveryReportParser();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SendRequests SEND = new SendRequests(new JsonRequests(JSON), JSON, 1024 * 1024);
    private static final SetupRequests SETUPS = new SetupRequests(new JsonRequests(JSON));

    @FuzzTest(maxDuration = "30s")
    void mimeWalk(byte[] raw) throws IOException {
        WalkedMessage message = WALK.walk(new ByteArrayInputStream(raw));
        assertThat(message.parts().size()).isLessThanOrEqualTo(1000);
        InboundClassifier.classify(message, "");
    }

    @FuzzTest(maxDuration = "30s")
    void deliveryReport(byte[] raw) throws IOException {
        DeliveryReport report = REPORTS.parse(raw);
        report.recipients().forEach(outcome -> assertThat(outcome.result()).isIn("delivered", "hard", "soft"));
    }

    @FuzzTest(maxDuration = "30s")
    void sendRequest(byte[] body) {
        refusedOnlyAsClientError(() -> SEND.message("application/json", body, null));
        refusedOnlyAsClientError(() -> SEND.batch("application/json", body, "k"));
    }

    @FuzzTest(maxDuration = "30s")
    void setupRequest(byte[] body) {
        refusedOnlyAsClientError(() -> SETUPS.create("application/json", new String(body, StandardCharsets.UTF_8)));
    }

    private static void refusedOnlyAsClientError(Runnable request) {
        try {
            request.run();
        } catch (ApiProblem problem) {
            assertThat(problem.status()).isBetween(400, 499);
        }
    }
}
