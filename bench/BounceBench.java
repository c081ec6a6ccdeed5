import com.emailchannel.delivery.DeliveryReport;
import com.emailchannel.delivery.DeliveryReportParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Bounce classification throughput of our classifier, {@link DeliveryReportParser}, on one thread: every .eml of the
 * bounce corpus (read into memory once), parsed and classified in a loop for the given seconds after a warm-up of
 * the same length (so the JIT has compiled the hot paths). bench/events-run.sh runs Debian's sisimai over the same
 * files, also on one thread (src/test/resources/peers/sisimai_classify.pl -n ROUNDS), and prints the ratio.
 * Prints messages/s and, as a machine-readable last line, {@code rate=<messages/s>}.
 * Usage: java -cp target/email-channel.jar bench/BounceBench.java ../shared/corpora/bounces [seconds]
 */
public class BounceBench {

    public static void main(String[] args) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                messages.add(Files.readAllBytes(file));
            }
        }
        long bytes = messages.stream().mapToLong(m -> m.length).sum();
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        DeliveryReportParser parser = new DeliveryReportParser();
        run(parser, messages, seconds); // warm-up
        long[] outcomes = new long[1];
        double[] measured = run(parser, messages, seconds, outcomes);
        System.out.printf("corpus: %d messages, %.2f MB (in memory)%n", messages.size(), bytes / 1e6);
        System.out.printf("DeliveryReportParser (1 thread, %.0f s after %.0f s warm-up): %.0f messages parsed,"
                + " %.0f messages/s, %.1f MB/s (%d recipient outcomes, keeps the results live)%n",
                seconds, seconds, measured[2], measured[0], measured[1], outcomes[0]);
        System.out.printf("rate=%.0f%n", measured[0]);
    }

    static double[] run(DeliveryReportParser parser, List<byte[]> messages, double seconds) throws Exception {
        return run(parser, messages, seconds, new long[1]);
    }

    static double[] run(DeliveryReportParser parser, List<byte[]> messages, double seconds, long[] outcomes)
            throws Exception {
        long count = 0;
        long bytes = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (byte[] message : messages) { // whole corpus per round, as sisimai's rounds
                DeliveryReport report = parser.parse(message);
                outcomes[0] += report.recipients().size();
                count++;
                bytes += message.length;
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new double[] {count / elapsed, bytes / elapsed / 1e6, count};
    }
}
