package com.emailchannel.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For the embedded default run only: a secret that was not configured is generated once and kept in a file of
 * the local data folder (owner-readable only), so a restart keeps working keys. The log names the file, never the
 * value. Production configures {@code secrets.key} and {@code platform.admin-token} instead.
 */
public final class LocalSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSecrets.class);

    private LocalSecrets() {
    }

    public static String configuredOrLocal(String configured, Path dataDirectory, String fileName, String property) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path file = dataDirectory.resolve(fileName);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDirectory);
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                        StandardCharsets.UTF_8);
                setOwnerOnly(file);
                LOG.warn("{} is not configured: generated one for this local run in {}", property,
                        file.toAbsolutePath());
            } else {
                LOG.info("{} is not configured: using the local one in {}", property, file.toAbsolutePath());
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep " + property + " in " + file, e);
        }
    }

    private static void setOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions apply
        }
    }
}
