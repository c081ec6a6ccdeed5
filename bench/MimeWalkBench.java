import com.emailchannel.inbound.MimeWalk;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * The MIME walk side by side with a bare mime4j parse of the same messages in the same run: every .eml of the
 * corpora (mime, threads, bounces), parsed repeatedly. The bare parse reads every body decoded and throws it away;
 * the walk does what ingestion does (decoding, charsets, names, cid references). Reports messages/s, MB/s, ratio.
 * Usage: java -cp target/email-channel.jar bench/MimeWalkBench.java ../shared/corpora [seconds per side]
 */
public class MimeWalkBench {

    public static void main(String[] args) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                messages.add(Files.readAllBytes(file));
            }
        }
        long bytes = messages.stream().mapToLong(m -> m.length).sum();
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        MimeWalk walk = new MimeWalk(MimeWalk.Limits.DEFAULT);
        for (int warm = 0; warm < 3; warm++) {
            run(messages, seconds / 3, true, walk);
            run(messages, seconds / 3, false, walk);
        }
        // Interleaved slices, the order swapped every round: a change in the machine's speed during the run
        // (it is shared) falls on both sides alike instead of on whichever ran second.
        int rounds = 12;
        double[] bare = new double[2];
        double[] walked = new double[2];
        List<Double> ratios = new java.util.ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double slice = seconds / rounds;
            double[] b;
            double[] w;
            if (round % 2 == 0) {
                b = run(messages, slice, true, walk);
                w = run(messages, slice, false, walk);
            } else {
                w = run(messages, slice, false, walk);
                b = run(messages, slice, true, walk);
            }
            ratios.add(w[0] / b[0]);
            for (int i = 0; i < 2; i++) {
                bare[i] += b[i] / rounds;
                walked[i] += w[i] / rounds;
            }
        }
        java.util.Collections.sort(ratios);
        System.out.printf("corpus: %d messages, %.2f MB%n", messages.size(), bytes / 1e6);
        System.out.printf("bare mime4j parse: %.0f messages/s, %.1f MB/s%n", bare[0], bare[1]);
        System.out.printf("MimeWalk:          %.0f messages/s, %.1f MB/s%n", walked[0], walked[1]);
        System.out.printf("per-round ratios (%d interleaved rounds): min %.2f, median %.2f, max %.2f%n", rounds,
                ratios.get(0), (ratios.get(rounds / 2 - 1) + ratios.get(rounds / 2)) / 2, ratios.get(rounds - 1));
        System.out.printf("ratio MimeWalk / bare mime4j = %.2f%n", walked[0] / bare[0]);
    }

    static double[] run(List<byte[]> messages, double seconds, boolean bare, MimeWalk walk) throws Exception {
        long count = 0;
        long bytes = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (byte[] message : messages) {
                if (bare) {
                    parse(message);
                } else {
                    walk.walk(new ByteArrayInputStream(message));
                }
                count++;
                bytes += message.length;
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new double[] {count / elapsed, bytes / elapsed / 1e6};
    }

    static void parse(byte[] message) throws Exception {
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.PERMISSIVE);
        stream.parse(new ByteArrayInputStream(message));
        for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
            if (state == EntityState.T_BODY) {
                try (InputStream body = stream.getDecodedInputStream()) {
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        }
    }
}
