package com.emailchannel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real Postfix (Debian's package) started on 127.0.0.1 by the test, with its own configuration and queue under
 * {@code target/}: it accepts mail from loopback and relays it to {@code relayPort}. Two recipients are refused
 * at RCPT as a remote server would: {@code bounce@example.org} with 550 5.1.1, {@code busy@example.org} with
 * 450 4.2.1. Mail to VERP return paths ({@code bounce+...}), that is Postfix's own delivery status notifications,
 * goes to Postfix's {@code smtp-sink}, which writes each to a file ({@link #notifications()}): the next hop may not
 * take a null sender. Needs the postfix package (.ci/run installs it) and root.
 */
public final class PostfixRelay implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final Process master;
    private final Process sink;

    private PostfixRelay(Path directory, int port, Process master, Process sink) {
        this.directory = directory;
        this.port = port;
        this.master = master;
        this.sink = sink;
    }

    public static PostfixRelay start(int relayPort) {
        try {
            Path directory = Files.createTempDirectory(Path.of("target"), "postfix-").toAbsolutePath();
            // Postfix's daemons run as the postfix user: they must be able to reach their directories.
            Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            int port = FreePorts.next();
            Files.createDirectories(directory.resolve("queue"));
            Path data = Files.createDirectories(directory.resolve("data"));
            new ProcessBuilder("chown", "postfix", data.toString()).inheritIO().start().waitFor();
            Path notifications = Files.createDirectories(directory.resolve("notifications"));
            new ProcessBuilder("chown", "nobody", notifications.toString()).inheritIO().start().waitFor();
            int sinkPort = FreePorts.next();
            Process sink = new ProcessBuilder("smtp-sink", "-u", "nobody", "-d", notifications + "/dsn-",
                    "127.0.0.1:" + sinkPort, "10").redirectErrorStream(true)
                    .redirectOutput(directory.resolve("smtp-sink.log").toFile()).start();
            Files.writeString(directory.resolve("transport"), "/^bounce\\+/ smtp:[127.0.0.1]:" + sinkPort + "\n");
            Files.writeString(directory.resolve("main.cf"), String.join("\n",
                    "compatibility_level = 3.6",
                    "queue_directory = " + directory.resolve("queue"),
                    "data_directory = " + data,
                    "mail_owner = postfix",
                    "setgid_group = postdrop",
                    "inet_interfaces = 127.0.0.1",
                    "inet_protocols = ipv4",
                    "myhostname = relay.postfix.test",
                    "mydestination =",
                    "mynetworks = 127.0.0.0/8",
                    "relayhost = [127.0.0.1]:" + relayPort,
                    "smtpd_recipient_restrictions = check_recipient_access texthash:" + directory.resolve("recipients")
                            + ", permit_mynetworks, reject",
                    "smtp_tls_security_level = none",
                    "smtpd_tls_security_level = none",
                    "alias_maps =",
                    "alias_database =",
                    "maillog_file_prefixes = " + directory,
                    "maillog_file = " + directory.resolve("maillog"),
                    "transport_maps = regexp:" + directory.resolve("transport"),
                    "queue_run_delay = 1s",
                    "minimal_backoff_time = 1s",
                    "maximal_backoff_time = 2s",
                    ""));
            Files.writeString(directory.resolve("recipients"), String.join("\n",
                    "bounce@example.org 550 5.1.1 <bounce@example.org>: Recipient address rejected: User unknown",
                    "busy@example.org 450 4.2.1 <busy@example.org>: Mailbox busy, try again later",
                    ""));
            List<String> services = List.of(
                    "127.0.0.1:" + port + " inet n - n - - smtpd",
                    "pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
                    "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce",
                    "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify",
                    "flush unix n - n 1000? 0 flush", "proxymap unix - - n - - proxymap", "smtp unix - - n - - smtp",
                    "relay unix - - n - - smtp", "showq unix n - n - - showq", "error unix - - n - - error",
                    "retry unix - - n - - error", "discard unix - - n - - discard", "local unix - n n - - local",
                    "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache",
                    "postlog unix-dgram n - n - 1 postlogd");
            Files.writeString(directory.resolve("master.cf"), String.join("\n", services) + "\n");
            Process master = new ProcessBuilder("postfix", "-c", directory.toString(), "start-fg")
                    .redirectErrorStream(true).redirectOutput(directory.resolve("start-fg.log").toFile()).start();
            PostfixRelay relay = new PostfixRelay(directory, port, master, sink);
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    return true;
                }
            });
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("postfix could not start (apt-get install postfix)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Postfix's own log: what it accepted, relayed, refused. */
    public String log() {
        try {
            Path log = directory.resolve("maillog");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The delivery status notifications Postfix sent to VERP return paths, as received by smtp-sink. */
    public List<String> notifications() {
        try (java.util.stream.Stream<Path> files = Files.list(directory.resolve("notifications"))) {
            return files.map(file -> {
                try {
                    return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("postfix", "-c", directory.toString(), "stop").inheritIO().start().waitFor();
            master.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // start-fg runs postfix-script, whose child is the master: end the master itself too.
            try {
                Path pid = directory.resolve("queue").resolve("pid").resolve("master.pid");
                if (Files.exists(pid)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
            } catch (IOException | NumberFormatException e) {
                // nothing more to end
            }
            master.descendants().forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
            sink.descendants().forEach(ProcessHandle::destroyForcibly);
            sink.destroyForcibly();
        }
    }
}
