package com.emailchannel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's sisimai (libsisimai-perl), the reference bounce classifier, run as a separate process over mail files.
 * Needs {@code /usr/bin/perl} with Sisimai (.ci/run installs it).
 */
public final class Sisimai {

    /** What sisimai made of one file (its first recipient): hard, soft or none, reason, delivery status. */
    public record Verdict(String file, String hardSoft, String reason, String status, String recipient) {
    }

    private Sisimai() {
    }

    /** One verdict per file, keyed by file name, in the order given. */
    public static Map<String, Verdict> classify(List<Path> files) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (String line : run(List.of(), files).split("\n")) {
            String[] f = line.split("\t", -1);
            verdicts.put(f[0], new Verdict(f[0], f[1], f[2], f[3], f[4]));
        }
        return verdicts;
    }

    /** Seconds sisimai takes to classify every file {@code rounds} times, measured inside its own process. */
    public static double secondsFor(List<Path> files, int rounds) {
        return Double.parseDouble(run(List.of("-n", String.valueOf(rounds)), files).strip());
    }

    private static String run(List<String> options, List<Path> files) {
        try {
            Path script = Files.createTempFile("sisimai_classify", ".pl");
            try (InputStream in = Sisimai.class.getResourceAsStream("/peers/sisimai_classify.pl")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of("/usr/bin/perl", script.toString()));
            command.addAll(options);
            files.forEach(file -> command.add(file.toString()));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("sisimai failed: " + output);
            }
            Files.deleteIfExists(script);
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("sisimai could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
