import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Update;

/**
 * Drives a running email-channel over HTTP: sets up a verified domain (records published by RFC 2136 to the
 * service's sandbox DNS), then
 *   burst: sends N messages as fast as CONCURRENCY keep-alive connections allow (BURST_CLIENT=jdk: CONCURRENCY
 *          requests in flight on java.net.http's client), and measures the end-to-end rate
 *          (first request to the last message accepted by the relay, i.e. status "sent"); with WARMUP, rounds of
 *          that many are sent and delivered first, unmeasured, until the command in $WARM_CHECK exits 0 (at most
 *          $WARMUP_ROUNDS, default 8), so the JIT has compiled the hot paths of both JVMs (a sustained rate, not a
 *          cold start); the command in $PHASE_HOOK, if set, runs with "start" and "end" around the
 *          measured burst (bench/run.sh samples CPU and profiles there);
 *   batch: as burst, the N messages sent SIZE at a time through POST /v1/email/messages/batch (CONCURRENCY batches
 *          in flight; WARMUP messages first the same way);
 *   paced: sends at RATE requests/s for SECONDS (after WARMUP seconds at that rate, unmeasured) and reports accept
 *          latency percentiles; $PHASE_HOOK runs with "paced-start" and "paced-end" around the measured seconds.
 * Usage: java -cp target/email-channel.jar bench/SendBench.java <baseUrl[,baseUrl...]> <adminToken> <dnsPort> <mode>
 *          <n|rate> [concurrency|seconds] [warmup] [size]
 */
public class SendBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        // several instances: comma-separated base URLs; sends go round robin, the setup and the checks use the first
        String[] bases = args[0].split(",");
        String base = bases[0];
        String admin = args[1];
        int dnsPort = Integer.parseInt(args[2]);
        String mode = args[3];
        String[] verified = verifiedUseCase(base, admin, dnsPort);
        String key = verified[0];
        String useCase = verified[1];
        String message = "{\"to\":\"patient@example.org\",\"subject\":\"Appointment reminder\",\"text\":\""
                + "Your appointment is on Tuesday at 10:00. ".repeat(20) + "\"}";
        String body = "{\"useCaseId\":\"" + useCase + "\"," + message.substring(1);
        if (mode.equals("paced")) {
            paced(base, key, body, Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    args.length > 6 ? Integer.parseInt(args[6]) : 0);
            return;
        }
        int n = Integer.parseInt(args[4]);
        int concurrency = Integer.parseInt(args[5]);
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        Sends sends = new Sends(bases, key, "/v1/email/messages", body, 1);
        if (mode.equals("batch")) {
            int size = args.length > 7 ? Integer.parseInt(args[7]) : 100;
            String batch = "{\"useCaseId\":\"" + useCase + "\",\"messages\":["
                    + String.join(",", Collections.nCopies(size, message)) + "]}";
            sends = new Sends(bases, key, "/v1/email/messages/batch", batch, size);
        }
        if (warmup > 0) {
            // rounds of WARMUP messages until $WARM_CHECK (if set) says the service's JIT has settled, at most
            // $WARMUP_ROUNDS (default 8): on 2 busy cores the compiler threads get little CPU, and one fixed
            // warm-up left a third of the service's CPU in the JIT during the measured burst
            int rounds = Integer.parseInt(System.getenv().getOrDefault("WARMUP_ROUNDS", "8"));
            for (int round = 1; round <= rounds; round++) {
                burst(sends, warmup, concurrency, mode + "-warmup-" + round);
                if (warmSettled()) {
                    break;
                }
            }
        }
        phaseHook(mode + "-start");
        burst(sends, n, concurrency, mode);
        phaseHook(mode + "-end");
    }

    /** Whether $WARM_CHECK exits 0 (no check set: one warm-up round is enough). */
    static boolean warmSettled() throws Exception {
        String check = System.getenv("WARM_CHECK");
        if (check == null || check.isBlank()) {
            return true;
        }
        return new ProcessBuilder(check).inheritIO().start().waitFor() == 0;
    }

    /** What a burst sends: the same body to the same path, each request carrying {@code perRequest} messages. */
    record Sends(String[] bases, String key, String path, String body, int perRequest) {

        boolean accepted(int status, String answer) {
            if (perRequest == 1) {
                return status == 202;
            }
            // a batch is accepted when every item is: as many 202 item answers as messages
            return status == 207 && answer.split("\"status\":202", -1).length - 1 == perRequest;
        }
    }

    /** A new workspace with a verified setup and a transactional use case on it: {apiKey, useCaseId, domain}. */
    static String[] verifiedUseCase(String base, String admin, int dnsPort) throws Exception {
        String key = field(post(base + "/v1/workspaces", admin, "{\"name\":\"bench\"}"), "apiKey");
        String domain = "bench" + System.nanoTime() % 100000 + ".example";
        String setup = post(base + "/v1/email/setups", key, "{\"tenantName\":\"bench\",\"domain\":\"" + domain + "\"}");
        publish(setup, dnsPort);
        String setupId = field(setup, "id");
        String verified = post(base + "/v1/email/setups/" + setupId + "/verify", key, "");
        if (!field(verified, "status").equals("verified")) {
            throw new IllegalStateException("not verified: " + verified);
        }
        String useCase = field(post(base + "/v1/email/use-cases", key, "{\"setupId\":\"" + setupId
                + "\",\"senderAddress\":\"care@" + domain + "\",\"emailType\":\"transactional\",\"entityName\":\"B\","
                + "\"useCaseName\":\"bench\"}"), "id");
        return new String[] {key, useCase, domain};
    }

    /** Runs $PHASE_HOOK with the phase's name, its output passed through, when the variable is set. */
    static void phaseHook(String phase) throws Exception {
        String hook = System.getenv("PHASE_HOOK");
        if (hook != null && !hook.isBlank()) {
            int exit = new ProcessBuilder(hook, phase).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(hook + " " + phase + " exited with " + exit);
            }
        }
    }

    /**
     * Sends a burst and waits until the relay has every message. BURST_CLIENT=jdk sends through java.net.http's
     * client (CONCURRENCY requests in flight); the default, sockets, through CONCURRENCY plain keep-alive
     * connections, one request at a time each: the client shares the two cores with the service, and
     * java.net.http's client took 0.36-0.47 ms of CPU per single send, more than half of PostgreSQL's.
     */
    static void burst(Sends sends, int n, int concurrency, String label) throws Exception {
        String base = sends.bases()[0];
        int requests = (n + sends.perRequest() - 1) / sends.perRequest();
        int messages = requests * sends.perRequest();
        AtomicReference<String> lastSent = new AtomicReference<>();
        long start = System.nanoTime();
        if ("jdk".equals(System.getenv("BURST_CLIENT"))) {
            burstOnJdkClient(sends, requests, concurrency, lastSent);
        } else {
            burstOnSockets(sends, requests, concurrency, lastSent);
        }
        double acceptedS = (System.nanoTime() - start) / 1e9;
        System.out.printf("accepted messages=%d accept_rate=%.0f/s%n", messages, messages / acceptedS);
        // the last message accepted is about the last one the outbox hands out (oldest due first): wait for it with
        // a lookup by id, then confirm that none is queued with the list, a heavier query (tens of ms of
        // PostgreSQL's CPU at this table size) that would compete with the dispatcher if it were polled all along
        while (lastSent.get() != null && queued(base, sends.key(), lastSent.get())) {
            Thread.sleep(20);
        }
        while (!queuedEmpty(base, sends.key())) {
            Thread.sleep(20);
        }
        double doneS = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s messages=%d per_request=%d concurrency=%d accept_rate=%.0f/s end_to_end_rate=%.0f/s "
                + "total_s=%.2f%n", label, messages, sends.perRequest(), concurrency, messages / acceptedS,
                messages / doneS, doneS);
    }

    static void burstOnJdkClient(Sends sends, int requests, int concurrency, AtomicReference<String> lastSent)
            throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            inFlight.acquire();
            boolean last = i == requests - 1;
            all.add(HTTP.sendAsync(request(sends.bases()[i % sends.bases().length] + sends.path(), sends.key(),
                    sends.body()), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        inFlight.release();
                        if (e != null || !sends.accepted(r.statusCode(), r.body())) {
                            System.err.println("refused: " + (e != null ? e : r.body()));
                        } else if (last) {
                            lastSent.set(lastId(r.body()));
                        }
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    /** Connection c goes to base c mod the number of bases; request i's answer is read whole before the next. */
    static void burstOnSockets(Sends sends, int requests, int concurrency, AtomicReference<String> lastSent)
            throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < concurrency; c++) {
            URI uri = URI.create(sends.bases()[c % sends.bases().length]);
            byte[] request = httpRequest(uri, sends.path(), sends.key(), sends.body());
            Thread thread = new Thread(() -> {
                try (java.net.Socket socket = connect(uri)) {
                    java.io.OutputStream out = socket.getOutputStream();
                    java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        out.write(request);
                        out.flush();
                        Answer answer = readAnswer(in);
                        String text = new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8);
                        if (!sends.accepted(answer.status(), text)) {
                            System.err.println("refused: " + answer.status() + " " + text);
                        } else if (i == requests - 1) {
                            lastSent.set(lastId(text));
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("burst connection failed", failures.get(0));
        }
    }

    /** A whole HTTP/1.1 POST with its body, to write in one go on a keep-alive connection. */
    static byte[] httpRequest(URI base, String path, String key, String body) {
        byte[] payload = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAuthorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: "
                + payload.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] request = java.util.Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, request, head.length, payload.length);
        return request;
    }

    static java.net.Socket connect(URI base) throws java.io.IOException {
        java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        return socket;
    }

    /**
     * RATE requests/s for SECONDS, measured, after WARMUP seconds at the same rate that are not (this client is a
     * fresh JVM: its HTTP client would otherwise be compiled during the measured requests). With $PACED_CSV set,
     * every measured request's start (ms into the run) and latency are written there.
     */
    static void paced(String base, String key, String body, int rate, int seconds, int warmupSeconds)
            throws Exception {
        if (warmupSeconds > 0) {
            pace(base, key, body, rate, warmupSeconds);
        }
        phaseHook("paced-start");
        long[][] measured = pace(base, key, body, rate, seconds);
        phaseHook("paced-end");
        List<Long> sorted = new ArrayList<>();
        for (long[] request : measured) {
            if (request[1] >= 0) {
                sorted.add(request[1]);
            }
        }
        Collections.sort(sorted);
        System.out.printf("paced rate=%d/s seconds=%d warmup_s=%d accepted=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                rate, seconds, warmupSeconds, sorted.size(), pct(sorted, 0.50), pct(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6);
        String csv = System.getenv("PACED_CSV");
        if (csv != null && !csv.isBlank()) {
            // epoch_ms: the wall clock of each start, to line requests up with other logs of the same run
            StringBuilder rows = new StringBuilder("start_ms,latency_ms,epoch_ms\n");
            for (long[] request : measured) {
                rows.append(String.format("%.1f,%.2f,%d%n", request[0] / 1e6, request[1] / 1e6, request[2]));
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of(csv), rows);
        }
        while (!queuedEmpty(base, key)) {
            Thread.sleep(50);
        }
    }

    /**
     * Per request: its start in ns after the first, its latency in ns (-1 when it was not accepted), its start in
     * epoch ms. PACED_CLIENT=jdk sends through java.net.http's client; the default, sockets, through plain
     * keep-alive connections, one request at a time each, so the client adds no stall of its own.
     */
    static long[][] pace(String base, String key, String body, int rate, int seconds) throws Exception {
        return "jdk".equals(System.getenv("PACED_CLIENT")) ? paceOnJdkClient(base, key, body, rate, seconds)
                : paceOnSockets(base, key, body, rate, seconds);
    }

    /**
     * Requests go out at their due time into a queue that CONNECTIONS threads take from, each with its own
     * keep-alive connection (TCP_NODELAY, the whole request in one write, the answer read to its Content-Length).
     * A request's latency runs from its due time to its whole answer, so time spent waiting for a free connection
     * counts too.
     */
    static long[][] paceOnSockets(String base, String key, String body, int rate, int seconds) throws Exception {
        URI uri = URI.create(base);
        byte[] request = httpRequest(uri, "/v1/email/messages", key, body);
        int total = rate * seconds;
        long[][] requests = new long[total][3];
        java.util.concurrent.BlockingQueue<Integer> due = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(total);
        long start = System.nanoTime();
        int connections = Integer.parseInt(System.getenv().getOrDefault("CONNECTIONS", "32"));
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread thread = new Thread(() -> {
                try (java.net.Socket socket = connect(uri)) {
                    java.io.OutputStream out = socket.getOutputStream();
                    java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                    while (true) {
                        int i = due.take();
                        if (i < 0) {
                            return;
                        }
                        out.write(request);
                        out.flush();
                        int status = readAnswer(in).status();
                        long[] r = requests[i];
                        r[1] = status == 202 ? System.nanoTime() - start - r[0] : -1;
                        answered.countDown();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("paced connection failed", e);
                }
            });
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (int i = 0; i < total; i++) {
            long dueAt = start + (long) i * 1_000_000_000L / rate;
            long wait = dueAt - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            requests[i][0] = dueAt - start;
            requests[i][2] = System.currentTimeMillis();
            due.add(i);
        }
        if (!answered.await(120, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("paced requests not all answered");
        }
        threads.forEach(t -> due.add(-1));
        return requests;
    }

    record Answer(int status, byte[] body) {}

    /** Reads one HTTP/1.1 answer with a Content-Length. */
    static Answer readAnswer(java.io.InputStream in) throws java.io.IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ");
        if (parts.length < 2) {
            throw new java.io.IOException("not an HTTP status line: [" + statusLine + "]");
        }
        int status = Integer.parseInt(parts[1]);
        int length = -1;
        List<String> headers = new ArrayList<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            headers.add(line);
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (length < 0) {
            throw new java.io.IOException("answer without Content-Length: " + statusLine + " " + headers);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new java.io.EOFException("answer cut short");
        }
        return new Answer(status, body);
    }

    static String readLine(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    static long[][] paceOnJdkClient(String base, String key, String body, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[][] requests = new long[total][3];
        List<CompletableFuture<?>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long sent = System.nanoTime();
            long[] request = requests[i];
            request[0] = sent - start;
            request[2] = System.currentTimeMillis();
            all.add(HTTP.sendAsync(request(base + "/v1/email/messages", key, body), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> request[1] = r.statusCode() == 202 ? System.nanoTime() - sent : -1));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return requests;
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    /** The id of the last message in an answer: a single send's, or a batch's last item's. */
    static String lastId(String answer) {
        Matcher ids = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(answer);
        String id = null;
        while (ids.find()) {
            id = ids.group(1);
        }
        return id;
    }

    static boolean queued(String base, String key, String id) throws Exception {
        String message = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/email/messages/" + id))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()).body();
        return field(message, "status").equals("queued");
    }

    static boolean queuedEmpty(String base, String key) throws Exception {
        String page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/email/messages?status=queued&limit=1"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString()).body();
        return page.startsWith("{\"items\":[]");
    }

    static void publish(String setup, int dnsPort) throws Exception {
        SimpleResolver dns = new SimpleResolver(new InetSocketAddress("127.0.0.1", dnsPort));
        dns.setTCP(true);
        Matcher records = Pattern.compile("\"type\":\"(TXT|MX)\",\"address\":\"([^\"]+)\",\"value\":\"([^\"]+)\"").matcher(setup);
        while (records.find()) {
            Name name = Name.fromString(records.group(2) + ".");
            Update update = new Update(new Name(name, name.labels() - 3));
            if (records.group(1).equals("MX")) {
                String[] mx = records.group(3).split(" ");
                update.add(new MXRecord(name, DClass.IN, 300, Integer.parseInt(mx[0]), Name.fromString(mx[1] + ".")));
            } else {
                String value = records.group(3);
                List<String> strings = new ArrayList<>();
                for (int i = 0; i < value.length(); i += 255) {
                    strings.add(value.substring(i, Math.min(value.length(), i + 255)));
                }
                update.add(new TXTRecord(name, DClass.IN, 300, strings));
            }
            dns.send(update);
        }
    }

    static HttpRequest request(String url, String bearer, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String post(String url, String bearer, String body) throws Exception {
        return HTTP.send(request(url, bearer, body), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(name + " not in " + json);
        }
        return m.group(1);
    }
}
