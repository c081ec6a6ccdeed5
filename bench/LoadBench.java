import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * A mixed load on a running email-channel for MINUTES: sends at SEND_RATE/s, API reads at READ_RATE/s (a page of
 * messages, the setups), replies delivered into the inbound mailbox at INBOUND_RATE/s and delivery reports (DSNs
 * naming sent messages by ENVID) at REPORT_RATE/s. Every HTTP answer is checked (errors counted), latencies are
 * kept per kind, and every 30 s the service's resident memory (/proc/PID/status VmRSS) and, right after a full
 * collection, its old generation (jstat -gc: OU) are sampled, so retained growth after warm-up shows. The full
 * collection is the one {@code jcmd GC.class_histogram} makes: with {@code -Dhisto.dir=DIR} every sample's histogram
 * of live objects is kept there ({@code histo-t0120.txt}), and the warm-up and last ones are copied to
 * {@code histo-warmup.txt} and {@code histo-end.txt} beside DIR, for bench/histo-diff.py. With
 * {@code -Dheap.dump.dir=DIR} the live heap is also dumped at the warm-up sample ({@code DIR/heap-warmup.hprof}),
 * for bench/HeapOwners.java to compare with a dump taken at the end.
 * Needs SendBench compiled beside it (bench/load-run.sh does that).
 * Usage: java -cp target/email-channel.jar:CLASSES LoadBench <baseUrl> <adminToken> <dnsPort> <inboundSmtpPort>
 *        <servicePid> <minutes> [sendRate readRate inboundRate reportRate]
 */
public class LoadBench {

    record Sample(long atSeconds, long rssKb, double oldGenKb, Path histogram) {
    }

    static final String HISTO_DIR = System.getProperty("histo.dir");
    static final String HEAP_DUMP_DIR = System.getProperty("heap.dump.dir");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int inboundPort = Integer.parseInt(args[3]);
        long pid = Long.parseLong(args[4]);
        double minutes = Double.parseDouble(args[5]);
        double sendRate = args.length > 6 ? Double.parseDouble(args[6]) : 50;
        double readRate = args.length > 7 ? Double.parseDouble(args[7]) : 20;
        double inboundRate = args.length > 8 ? Double.parseDouble(args[8]) : 1;
        double reportRate = args.length > 9 ? Double.parseDouble(args[9]) : 0.5;
        String[] verified = SendBench.verifiedUseCase(base, args[1], Integer.parseInt(args[2]));
        String key = verified[0];
        String useCase = verified[1];
        String domain = verified[2];

        AtomicLong errors = new AtomicLong();
        AtomicLong sends = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicLong inbound = new AtomicLong();
        AtomicLong reports = new AtomicLong();
        List<Long> sendLatency = Collections.synchronizedList(new ArrayList<>());
        List<Long> readLatency = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<String> sentIds = new ConcurrentLinkedQueue<>();
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        String body = "{\"useCaseId\":\"" + useCase + "\",\"to\":\"patient@example.org\",\"subject\":\"Reminder\","
                + "\"text\":\"" + "Your appointment is on Tuesday at 10:00. ".repeat(10) + "\"}";
        Session mail = smtp(inboundPort);
        long start = System.nanoTime();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(4);

        timers.scheduleAtFixedRate(() -> {
            long sent = System.nanoTime();
            SendBench.HTTP.sendAsync(SendBench.request(base + "/v1/email/messages", key, body),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        if (e != null || r.statusCode() != 202) {
                            errors.incrementAndGet();
                            System.err.println("send: " + (e != null ? e : r.statusCode() + " " + r.body()));
                            return;
                        }
                        sendLatency.add(System.nanoTime() - sent);
                        sends.incrementAndGet();
                        sentIds.add(SendBench.field(r.body(), "id"));
                    });
        }, 0, (long) (1e9 / sendRate), TimeUnit.NANOSECONDS);

        timers.scheduleAtFixedRate(() -> {
            String path = reads.get() % 2 == 0 ? "/v1/email/messages?limit=20" : "/v1/email/setups";
            long sent = System.nanoTime();
            SendBench.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        if (e != null || r.statusCode() != 200) {
                            errors.incrementAndGet();
                            System.err.println("read: " + (e != null ? e : r.statusCode() + " " + r.body()));
                            return;
                        }
                        readLatency.add(System.nanoTime() - sent);
                        reads.incrementAndGet();
                    });
        }, 0, (long) (1e9 / readRate), TimeUnit.NANOSECONDS);

        timers.scheduleAtFixedRate(() -> {
            long n = inbound.incrementAndGet();
            deliver(mail, "From: patient" + n + "@example.org\r\nTo: care@" + domain + "\r\nSubject: Question " + n
                    + "\r\nMessage-ID: <load-" + n + "-" + start + "@example.org>\r\n\r\nHello " + n + "\r\n", errors);
        }, 500, (long) (1e9 / inboundRate), TimeUnit.NANOSECONDS);

        timers.scheduleAtFixedRate(() -> {
            String id = sentIds.poll();
            if (id == null) {
                return;
            }
            reports.incrementAndGet();
            deliver(mail, String.join("\r\n", "From: MAILER-DAEMON@relay.example", "To: inbound@" + domain,
                    "Subject: Delivery Status Notification", "Message-ID: <dsn-" + id + "@relay.example>",
                    "MIME-Version: 1.0", "Content-Type: multipart/report; report-type=delivery-status; boundary=r",
                    "", "--r", "Content-Type: text/plain", "", "Delivered.", "--r",
                    "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; relay.example",
                    "Original-Envelope-Id: " + id, "", "Final-Recipient: rfc822; patient@example.org",
                    "Action: delivered", "Status: 2.0.0", "", "--r--", ""), errors);
        }, 1000, (long) (1e9 / reportRate), TimeUnit.NANOSECONDS);

        int warmIndex = Math.max(1, ((int) (minutes * 2) + 1) / 5); // the sample the report takes as warm-up's end
        timers.scheduleAtFixedRate(() -> {
            Sample sample = sample(pid, (System.nanoTime() - start) / 1_000_000_000L);
            if (HEAP_DUMP_DIR != null && samples.size() == warmIndex) {
                dump(pid, Path.of(HEAP_DUMP_DIR, "heap-warmup.hprof"));
            }
            samples.add(sample);
        }, 0, 30, TimeUnit.SECONDS);

        Thread.sleep((long) (minutes * 60_000));
        timers.shutdownNow();
        timers.awaitTermination(10, TimeUnit.SECONDS);
        Thread.sleep(2000);

        Thread.sleep(10_000); // the last replies and reports reach the mailbox and are drained
        long stored = countInbound(base, key);
        String analytics = SendBench.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/email/analytics?useCaseId="
                + useCase)).header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher delivered = java.util.regex.Pattern.compile("\"delivered\":(\\d+)").matcher(analytics);
        System.out.printf("inbound stored %d of %d delivered (replies and reports); messages marked delivered by"
                + " the reports %s of %d%n", stored, inbound.get() + reports.get(),
                delivered.find() ? delivered.group(1) : "?", reports.get());
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("load for %.0f s: sends %d (%.1f/s), reads %d, inbound delivered %d, reports delivered %d, errors %d%n",
                elapsed, sends.get(), sends.get() / elapsed, reads.get(), inbound.get(), reports.get(), errors.get());
        print("send accept latency", sendLatency);
        print("read latency", readLatency);
        for (Sample s : samples) {
            System.out.printf("sample t=%ds rss=%d KB old_gen=%.0f KB%n", s.atSeconds(), s.rssKb(), s.oldGenKb());
        }
        int warm = Math.min(samples.size() - 1, Math.max(1, samples.size() / 5));
        Sample first = samples.get(warm);
        Sample last = samples.stream().filter(x -> x.oldGenKb() >= 0).reduce((a, b) -> b).orElseThrow();
        System.out.printf("after warm-up (t=%ds -> t=%ds): rss %d -> %d KB (%+.1f%%), old gen %.0f -> %.0f KB%n",
                first.atSeconds(), last.atSeconds(), first.rssKb(), last.rssKb(),
                100.0 * (last.rssKb() - first.rssKb()) / first.rssKb(), first.oldGenKb(), last.oldGenKb());
        if (first.histogram() != null && last.histogram() != null) {
            Path dir = first.histogram().getParent().getParent();
            Files.copy(first.histogram(), dir.resolve("histo-warmup.txt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(last.histogram(), dir.resolve("histo-end.txt"), StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("class histograms: %s (warm-up), %s (end)%n", first.histogram().getFileName(),
                    last.histogram().getFileName());
        }
        System.out.printf("result errors=%d sends=%d%n", errors.get(), sends.get());
    }

    static long countInbound(String base, String key) throws Exception {
        long count = 0;
        String cursor = null;
        do {
            String page = SendBench.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/email/inbound?limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor))).header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            count += page.split("\"receivedAt\"", -1).length - 1;
            java.util.regex.Matcher next = java.util.regex.Pattern.compile("\"nextCursor\":\"([^\"]+)\"").matcher(page);
            cursor = next.find() ? next.group(1) : null;
        } while (cursor != null);
        return count;
    }

    static void print(String what, List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println(what + ": none");
            return;
        }
        System.out.printf("%s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", what, sorted.size(),
                SendBench.pct(sorted, 0.50), SendBench.pct(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
    }

    static Session smtp(int port) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(port));
        return Session.getInstance(properties);
    }

    static void deliver(Session session, String raw, AtomicLong errors) {
        try {
            MimeMessage message = new MimeMessage(session, new java.io.ByteArrayInputStream(raw.getBytes())) {
                @Override
                protected void updateMessageID() {
                    // the Message-ID written above
                }
            };
            Transport.send(message, new InternetAddress[] {new InternetAddress("inbound@email-channel.localhost")});
        } catch (Exception e) {
            errors.incrementAndGet();
            System.err.println("deliver: " + e);
        }
    }

    static void dump(long pid, Path file) {
        try {
            new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_dump", file.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException | InterruptedException e) {
            System.err.println("heap dump: " + e);
        }
    }

    static Sample sample(long pid, long atSeconds) {
        long rss = 0;
        double oldGen = -1;
        Path histogram = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            // a full collection first, so the old generation measured is what is still reachable: the histogram of
            // live objects makes one (as GC.run would) before it counts
            ProcessBuilder histo = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (HISTO_DIR != null) {
                histogram = Path.of(HISTO_DIR, String.format("histo-t%04d.txt", atSeconds));
                Files.createDirectories(histogram.getParent());
                histo.redirectOutput(histogram.toFile());
            }
            histo.start().waitFor();
            Process jstat = new ProcessBuilder("jstat", "-gc", String.valueOf(pid)).start();
            List<String> lines = new String(jstat.getInputStream().readAllBytes()).lines().toList();
            String[] header = lines.get(0).trim().split("\\s+");
            String[] values = lines.get(1).trim().split("\\s+");
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals("OU")) {
                    oldGen = Double.parseDouble(values[i]);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("sample: " + e);
        }
        return new Sample(atSeconds, rss, oldGen, histogram);
    }
}
