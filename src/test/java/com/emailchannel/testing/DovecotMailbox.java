package com.emailchannel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A real Dovecot IMAP server (Debian's dovecot-imapd) started by the test on 127.0.0.1 with one maildir mailbox,
 * any user, password {@code secret}. Messages are put straight into the maildir, as an LDA would. Needs root.
 */
public final class DovecotMailbox implements AutoCloseable {

    public static final String USER = "drain@mx.test";
    public static final String PASSWORD = "secret";

    private final Path directory;
    private final int port;

    private DovecotMailbox(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    public static DovecotMailbox start() {
        try {
            Path directory = Files.createTempDirectory(Path.of("target"), "dovecot-").toAbsolutePath();
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path maildir = directory.resolve("mail").resolve(USER);
            for (String sub : new String[] {"new", "cur", "tmp"}) {
                Files.createDirectories(maildir.resolve(sub));
            }
            Files.createDirectories(directory.resolve("run"));
            int port = FreePorts.next();
            Files.writeString(directory.resolve("dovecot.conf"), String.join("\n",
                    "base_dir = " + directory.resolve("run"),
                    "log_path = " + directory.resolve("dovecot.log"),
                    "listen = 127.0.0.1", "protocols = imap", "ssl = no", "disable_plaintext_auth = no",
                    "mail_location = maildir:" + directory.resolve("mail") + "/%u",
                    "mail_uid = nobody", "mail_gid = nogroup", "first_valid_uid = 1",
                    "passdb {", "  driver = static", "  args = password=" + PASSWORD, "}",
                    "userdb {", "  driver = static", "  args = uid=nobody gid=nogroup home=" + directory.resolve("mail") + "/%u", "}",
                    "service imap-login {", "  inet_listener imap {", "    address = 127.0.0.1", "    port = " + port, "  }",
                    "  inet_listener imaps {", "    port = 0", "  }", "  chroot =", "}",
                    "service anvil {", "  chroot =", "}",
                    "default_internal_user = nobody", "default_internal_group = nogroup", "default_login_user = nobody", ""));
            DovecotMailbox mailbox = new DovecotMailbox(directory, port);
            new ProcessBuilder("chown", "-R", "nobody:nogroup", directory.resolve("mail").toString()).inheritIO().start().waitFor();
            new ProcessBuilder("dovecot", "-c", directory.resolve("dovecot.conf").toString()).inheritIO().start().waitFor();
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    return true;
                }
            });
            return mailbox;
        } catch (IOException e) {
            throw new UncheckedIOException("dovecot could not start (apt-get install dovecot-imapd)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Puts a message into the mailbox, unseen. */
    public void put(String name, byte[] raw) {
        try {
            Path file = directory.resolve("mail").resolve(USER).resolve("new").resolve(name);
            Files.write(file, raw);
            new ProcessBuilder("chown", "nobody:nogroup", file.toString()).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What a mailbox rebuild does to a client: stops Dovecot, forgets the mailbox's UIDs (new UIDVALIDITY) and every
     * \\Seen flag, starts it again on the same port. Returns the messages it left unseen, counted before Dovecot
     * starts: a client polling the mailbox may flag some of them as soon as it is up.
     */
    public int resetUidValidity() {
        close();
        int unseen;
        try {
            Path maildir = directory.resolve("mail").resolve(USER);
            try (java.util.stream.Stream<Path> files = Files.list(maildir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("dovecot")).toList()) {
                    Files.delete(file);
                }
            }
            try (java.util.stream.Stream<Path> files = Files.list(maildir.resolve("cur"))) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
                    Files.move(file, maildir.resolve("new").resolve(base));
                }
            }
            try (java.util.stream.Stream<Path> files = Files.list(maildir.resolve("new"))) {
                unseen = (int) files.count();
            }
            new ProcessBuilder("chown", "-R", "nobody:nogroup", maildir.toString()).inheritIO().start().waitFor();
            new ProcessBuilder("dovecot", "-c", directory.resolve("dovecot.conf").toString()).inheritIO().start().waitFor();
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    return true;
                }
            });
            return unseen;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting Dovecot", e);
        }
    }

    /** Messages on the server not flagged \\Seen. */
    public int unseen() throws Exception {
        jakarta.mail.Store store = jakarta.mail.Session.getInstance(new java.util.Properties()).getStore("imap");
        store.connect("127.0.0.1", port, USER, PASSWORD);
        try {
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            int count = inbox.getMessageCount() - inbox.search(new jakarta.mail.search.FlagTerm(
                    new jakarta.mail.Flags(jakarta.mail.Flags.Flag.SEEN), true)).length;
            inbox.close(false);
            return count;
        } finally {
            store.close();
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("doveadm", "-c", directory.resolve("dovecot.conf").toString(), "stop").inheritIO().start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
