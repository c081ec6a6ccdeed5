package com.emailchannel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's python3-dkim (an implementation independent of ours) verifying a message against the public key
 * published in a DNS server. Needs {@code /usr/bin/python3} with the dkim module (.ci/run installs it).
 */
public final class DkimVerifier {

    private DkimVerifier() {
    }

    /** "pass" or "fail" (or the verifier's error output). */
    public static String verify(byte[] rawMessage, String dnsHostPort) {
        try {
            Path script = Files.createTempFile("dkim_verify", ".py");
            try (InputStream in = DkimVerifier.class.getResourceAsStream("/peers/dkim_verify.py")) {
                Files.write(script, in.readAllBytes());
            }
            String[] server = dnsHostPort.split(":");
            Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), server[0], server[1])
                    .redirectErrorStream(true).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(rawMessage);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(script);
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("python3-dkim could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
