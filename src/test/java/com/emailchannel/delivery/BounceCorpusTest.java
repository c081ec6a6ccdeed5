package com.emailchannel.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.inbound.InboundClassifier;
import com.emailchannel.inbound.MimeWalk;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.emailchannel.testing.Sisimai;
import org.junit.jupiter.api.Test;

/**
 * The bounce classifier measured against {@code ../shared/corpora/bounces} (expectations from sisimai, the
 * reference classifier): hard/soft agreement over the samples the corpus classes hard or soft, complaints
 * recognised, and non-bounces not taken for bounces.
 */
class BounceCorpusTest {

    static final Path CORPUS = Path.of("..", "shared", "corpora", "bounces");

    @Test
    void shouldAgreeWithTheReferenceOnHardAndSoft() throws Exception {
        DeliveryReportParser parser = new DeliveryReportParser();
        int compared = 0;
        int agreed = 0;
        List<String> disagreements = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("manifest.tsv")).subList(1, Files.readAllLines(CORPUS.resolve("manifest.tsv")).size())) {
            String[] f = line.split("\t");
            String expected = f[3];
            if (!expected.equals("hard") && !expected.equals("soft")) {
                continue;
            }
            byte[] raw = Files.readAllBytes(CORPUS.resolve(f[0]));
            DeliveryReport report = parser.parse(raw);
            String got = report.recipients().isEmpty() ? "none" : report.recipients().get(0).result();
            compared++;
            if (got.equals(expected)) {
                agreed++;
            } else {
                disagreements.add(f[0] + " expected " + expected + " got " + got + " (" + f[2] + ")");
            }
        }
        double agreement = 100.0 * agreed / compared;
        System.out.printf("hard/soft agreement with sisimai: %d of %d = %.1f%%%n", agreed, compared, agreement);
        disagreements.forEach(System.out::println);
        assertThat(compared).isEqualTo(48);
        assertThat(agreement).as(String.join("\n", disagreements)).isGreaterThanOrEqualTo(MINIMUM_AGREEMENT);
    }

    /**
     * Side by side with the reference itself: Debian's sisimai run over the same files in this test. Compared on
     * every file sisimai classes hard or soft (the corpus's ambiguous and mixed samples included).
     */
    @Test
    void shouldAgreeWithSisimaiRunSideBySide() throws Exception {
        List<Path> files;
        try (var listing = Files.list(CORPUS)) {
            files = listing.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        Map<String, Sisimai.Verdict> reference = Sisimai.classify(files);
        DeliveryReportParser parser = new DeliveryReportParser();
        int compared = 0;
        int agreed = 0;
        List<String> disagreements = new ArrayList<>();
        for (Path file : files) {
            Sisimai.Verdict verdict = reference.get(file.getFileName().toString());
            if (!verdict.hardSoft().equals("hard") && !verdict.hardSoft().equals("soft")) {
                continue;
            }
            DeliveryReport report = parser.parse(Files.readAllBytes(file));
            // the same recipient as sisimai's first when we read recipients, else our first outcome
            String got = report.recipients().stream()
                    .filter(o -> verdict.recipient().equalsIgnoreCase(o.recipient()))
                    .map(DeliveryReport.Outcome::result).findFirst()
                    .orElse(report.recipients().isEmpty() ? "none" : report.recipients().get(0).result());
            compared++;
            if (got.equals(verdict.hardSoft())) {
                agreed++;
            } else {
                disagreements.add(verdict.file() + ": sisimai " + verdict.hardSoft() + " (" + verdict.reason() + " "
                        + verdict.status() + "), ours " + got);
            }
        }
        double agreement = 100.0 * agreed / compared;
        System.out.printf("hard/soft agreement with sisimai %s run side by side: %d of %d = %.1f%%%n",
                "4.25 (Debian)", agreed, compared, agreement);
        disagreements.forEach(System.out::println);
        assertThat(compared).isGreaterThanOrEqualTo(48);
        assertThat(agreement).as(String.join("\n", disagreements)).isGreaterThanOrEqualTo(95.0);
    }

    @Test
    void shouldRecogniseComplaintsAndLeaveNonBouncesAlone() throws Exception {
        for (String line : Files.readAllLines(CORPUS.resolve("manifest.tsv")).subList(1, Files.readAllLines(CORPUS.resolve("manifest.tsv")).size())) {
            String[] f = line.split("\t");
            byte[] raw = Files.readAllBytes(CORPUS.resolve(f[0]));
            String classification = InboundClassifier.classify(new MimeWalk(MimeWalk.Limits.DEFAULT)
                    .walk(new ByteArrayInputStream(raw)), "");
            if (f[3].equals("complaint")) {
                // An opt-out sent by mail (Apple Mail's unsubscribe message) is an unsubscribe to us.
                assertThat(classification).as(f[0]).isEqualTo(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).contains("X-Apple-Unsubscribe: true")
                        ? "unsubscribe" : "complaint");
            }
            if (f[0].startsWith("is-not-bounce")) {
                assertThat(classification).as(f[0]).isNotIn("delivery_report", "complaint");
            }
        }
    }

    /**
     * The agreement measured here, 48 of 48. The phrases and transient status details were chosen while reading
     * these samples, so this is agreement on the samples the rules were made with, not on unseen mail.
     */
    static final double MINIMUM_AGREEMENT = 100.0;
}
