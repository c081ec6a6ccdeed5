import com.emailchannel.inbound.MimeWalk;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Lists the corpus messages with what the MIME walk finds in them: one line per file, {@code attachments} or
 * {@code none}, a tab, the path. bench/inbound-run.sh composes its mailbox from it (20% with attachments).
 * Usage: java -cp target/email-channel.jar bench/CorpusMix.java ../shared/corpora
 */
public class CorpusMix {

    public static void main(String[] args) throws Exception {
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    boolean attached = !new MimeWalk(MimeWalk.Limits.DEFAULT).walk(in).parts().isEmpty();
                    System.out.println((attached ? "attachments" : "none") + "\t" + file);
                }
            }
        }
    }
}
