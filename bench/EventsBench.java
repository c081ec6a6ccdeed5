import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Event publish latency of a running email-channel: from a state change (a row inserted into event_outbox and
 * committed on its own, as the routes do in the transaction of the change) to the CloudEvents record being readable
 * on Kafka, at a steady paced rate.
 * <p>
 * Inserting threads (each insert its own transaction) follow a fixed schedule (event g is due at start + g/rate);
 * a thread that falls behind inserts at once and its lateness is reported, so whether the pace was kept is measured,
 * not assumed. A KafkaConsumer in this JVM, assigned every partition of the topic and positioned at the end before the
 * first insert (fetch.max.wait.ms=5), reads the records. Latency of an event = the moment poll() handed the record to
 * the consumer minus the moment just before its insert's commit, both on this JVM's System.nanoTime (one clock, no
 * skew). The envelope's "time" (created_at, the database's clock_timestamp() at the insert, before the commit) is
 * used as a cross-check: wall clock at receipt minus "time" (same machine, so the clocks agree).
 * Events of the warm-up seconds are inserted and read but left out of the figures.
 * Prints inserted / received / duplicates / missing, the pace kept, p50/p95/p99/max; writes latencies.csv to outDir.
 * Usage: java -cp target/email-channel.jar bench/EventsBench.java jdbcUrl user kafkaBootstrap topic
 *        [rate=1000] [seconds=30] [warmupSeconds=5] [threads=4] [outDir=.]
 */
public class EventsBench {

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        String user = args[1];
        String bootstrap = args[2];
        String topic = args[3];
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        int seconds = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        int warmupSeconds = args.length > 6 ? Integer.parseInt(args[6]) : 5;
        int threads = args.length > 7 ? Integer.parseInt(args[7]) : 4;
        Path outDir = Path.of(args.length > 8 ? args[8] : ".");
        int warmup = warmupSeconds * rate;
        int total = warmup + seconds * rate;

        UUID workspace = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
                PreparedStatement ps = c.prepareStatement("insert into workspaces (id, name) values (?, 'bench')")) {
            ps.setObject(1, workspace);
            ps.executeUpdate();
        }
        String[] ids = new String[total];
        Map<String, Integer> index = new HashMap<>(total * 2);
        for (int g = 0; g < total; g++) {
            ids[g] = UUID.randomUUID().toString();
            index.put(ids[g], g);
        }
        AtomicLongArray beforeCommit = new AtomicLongArray(total);
        AtomicLongArray committed = new AtomicLongArray(total);
        AtomicLongArray received = new AtomicLongArray(total);
        AtomicLongArray receivedVsTimeMicros = new AtomicLongArray(total);
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger foreign = new AtomicInteger();

        // The topic is created by the broker when the publisher first sends to it: send one event and wait for it.
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = partitions(consumer, topic, jdbcUrl, user, workspace);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before the first insert
        System.out.printf("topic %s: %d partitions, consumer at the end%n", topic, partitions.size());

        ObjectMapper json = new ObjectMapper();
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                Instant wall = Instant.now();
                for (ConsumerRecord<String, String> record : records) {
                    try {
                        JsonNode event = json.readTree(record.value());
                        Integer g = index.get(event.path("id").asText());
                        if (g == null) {
                            foreign.incrementAndGet();
                        } else if (!received.compareAndSet(g, 0, now)) {
                            duplicates.incrementAndGet();
                        } else {
                            Instant time = Instant.parse(event.path("time").asText());
                            receivedVsTimeMicros.set(g, ChronoUnit.MICROS.between(time, wall));
                        }
                    } catch (Exception e) {
                        foreign.incrementAndGet();
                    }
                }
            }
            consumer.close();
        }, "consumer");
        reader.start();

        long start = System.nanoTime() + 200_000_000L;
        double interval = 1e9 / rate;
        List<Thread> inserters = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        long[] lateness = new long[total];
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread inserter = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
                        PreparedStatement ps = c.prepareStatement("insert into event_outbox (id, type, subject,"
                                + " workspace_id, data) values (?, 'email.bench', ?, ?, cast(? as jsonb))")) {
                    c.setAutoCommit(false);
                    for (int g = first; g < total; g += threads) {
                        long due = start + (long) (g * interval);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        lateness[g] = System.nanoTime() - due;
                        ps.setObject(1, UUID.fromString(ids[g]));
                        ps.setObject(2, UUID.randomUUID());
                        ps.setObject(3, workspace);
                        ps.setString(4, "{\"bench\":" + g + "}");
                        ps.executeUpdate();
                        beforeCommit.set(g, System.nanoTime());
                        c.commit();
                        committed.set(g, System.nanoTime());
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                }
            }, "inserter-" + t);
            inserters.add(inserter);
            inserter.start();
        }
        for (Thread inserter : inserters) {
            inserter.join();
        }
        long insertsDone = System.nanoTime();
        // Wait for the stragglers: every measured event, or 20 s without progress.
        int waiting;
        long lastProgress = System.nanoTime();
        int lastMissing = -1;
        while ((waiting = missing(received, beforeCommit, warmup, total)) > 0
                && System.nanoTime() - lastProgress < 20_000_000_000L) {
            if (waiting != lastMissing) {
                lastMissing = waiting;
                lastProgress = System.nanoTime();
            }
            Thread.sleep(50);
        }
        Thread.sleep(1000); // late duplicates
        stop.set(true);
        reader.join();

        int inserted = 0;
        int got = 0;
        long[] latency = new long[total];
        long[] byTime = new long[total];
        long[] late = new long[total];
        long[] commit = new long[total];
        int n = 0;
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(outDir.resolve("latencies.csv")))) {
            csv.println("event,due_ms,lateness_ms,commit_ms,latency_ms,latency_vs_time_ms");
            for (int g = warmup; g < total; g++) {
                if (beforeCommit.get(g) == 0) {
                    continue;
                }
                inserted++;
                late[inserted - 1] = lateness[g];
                commit[inserted - 1] = committed.get(g) - beforeCommit.get(g);
                if (received.get(g) != 0) {
                    got++;
                    latency[n] = received.get(g) - beforeCommit.get(g);
                    byTime[n] = receivedVsTimeMicros.get(g);
                    csv.printf("%d,%.3f,%.3f,%.3f,%.3f,%.3f%n", g, (g * interval) / 1e6, lateness[g] / 1e6,
                            commit[inserted - 1] / 1e6, latency[n] / 1e6, byTime[n] / 1e3);
                    n++;
                }
            }
        }
        double insertSeconds = (lastCommit(committed, warmup, total) - (start + (long) (warmup * interval))) / 1e9;
        Arrays.sort(latency, 0, n);
        Arrays.sort(byTime, 0, n);
        Arrays.sort(late, 0, inserted);
        Arrays.sort(commit, 0, inserted);
        double achieved = inserted / insertSeconds;
        boolean paceKept = inserted == seconds * rate && failures.get() == 0 && achieved >= rate * 0.99
                && pct(late, inserted, 99) < 50e6;
        System.out.printf("inserted %d events at a target of %d/s for %d s (after %d s warm-up), %d threads,"
                + " one transaction each%n", inserted, rate, seconds, warmupSeconds, threads);
        System.out.printf("pace: achieved %.1f events/s; lateness vs schedule p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                + " commit p50 %.2f ms, p99 %.2f ms -> pace kept: %s%n", achieved, pct(late, inserted, 50) / 1e6,
                pct(late, inserted, 99) / 1e6, late[Math.max(0, inserted - 1)] / 1e6, pct(commit, inserted, 50) / 1e6,
                pct(commit, inserted, 99) / 1e6, paceKept ? "yes" : "NO");
        System.out.printf("received %d of %d inserted (missing %d), duplicates %d, other records %d,"
                + " insert failures %d%n", got, inserted, inserted - got, duplicates.get(), foreign.get(),
                failures.get());
        System.out.printf("latency commit -> readable on Kafka (bench JVM nanoTime, just before commit -> poll):"
                + " p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", pct(latency, n, 50) / 1e6,
                pct(latency, n, 95) / 1e6, pct(latency, n, 99) / 1e6, n == 0 ? 0 : latency[n - 1] / 1e6);
        System.out.printf("cross-check, receipt wall clock - event \"time\" (created_at):"
                + " p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", pct(byTime, n, 50) / 1e3,
                pct(byTime, n, 95) / 1e3, pct(byTime, n, 99) / 1e3, n == 0 ? 0 : byTime[n - 1] / 1e3);
        System.out.printf("result: p50=%.1f p95=%.1f p99=%.1f max=%.1f inserted=%d received=%d duplicates=%d"
                + " pace_kept=%s achieved=%.1f%n", pct(latency, n, 50) / 1e6, pct(latency, n, 95) / 1e6,
                pct(latency, n, 99) / 1e6, n == 0 ? 0 : latency[n - 1] / 1e6, inserted, got, duplicates.get(),
                paceKept ? "yes" : "no", achieved);
        System.exit(got == inserted && duplicates.get() == 0 ? 0 : 2);
    }

    static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic, String jdbcUrl,
            String user, UUID workspace) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
                Statement s = c.createStatement()) {
            s.executeUpdate("insert into event_outbox (id, type, subject, workspace_id, data) values (gen_random_uuid(),"
                    + " 'email.bench', gen_random_uuid(), '" + workspace + "', '{\"bench\":\"topic\"}')");
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty() && unpublished(jdbcUrl, user) == 0) {
                List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                return partitions;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("topic " + topic + " did not appear, or event_outbox was not drained");
    }

    static long unpublished(String jdbcUrl, String user) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from event_outbox where published_at is null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int missing(AtomicLongArray received, AtomicLongArray beforeCommit, int from, int to) {
        int missing = 0;
        for (int g = from; g < to; g++) {
            if (beforeCommit.get(g) != 0 && received.get(g) == 0) {
                missing++;
            }
        }
        return missing;
    }

    static long lastCommit(AtomicLongArray committed, int from, int to) {
        long last = 0;
        for (int g = from; g < to; g++) {
            last = Math.max(last, committed.get(g));
        }
        return last;
    }

    static double pct(long[] sorted, int n, double p) {
        if (n == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, i))];
    }
}
