package com.emailchannel.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Exit;

/**
 * One real Kafka broker for the tests (Kafka's in-process KRaft test kit, one combined broker+controller node),
 * started once per JVM, and a real consumer to read what the service published.
 */
public final class TestKafka {

    private static KafkaClusterTestKit cluster;

    /**
     * The shutdown hooks Kafka's test utilities register (they delete the broker's directories), run from ours once
     * the cluster is closed. Run by the JVM beside ours, they deleted the log directory of a broker still writing,
     * and the broker halted the JVM with status 1 after every test had passed: surefire failed the build.
     */
    private static final List<Runnable> KAFKA_EXIT_HOOKS = new CopyOnWriteArrayList<>();

    static {
        Exit.setShutdownHookAdder((name, hook) -> KAFKA_EXIT_HOOKS.add(hook));
        // a halt leaves no log (log4j stops at exit too): say on stderr who halts and why before halting
        Exit.setHaltProcedure((status, message) -> {
            System.err.println("Kafka halts the test JVM with status " + status + ": " + message);
            new Throwable("halted from").printStackTrace();
            Runtime.getRuntime().halt(status);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::closeAtExit, "test-kafka-exit"));
    }

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            try {
                KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                        .setConfigProp("num.partitions", "3")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .build();
                started.format();
                started.startup();
                started.waitForReadyBrokers();
                cluster = started;
            } catch (Exception e) {
                throw new IllegalStateException("the test Kafka broker did not start", e);
            }
        }
        return cluster.bootstrapServers();
    }

    /** The broker first (when one started), then Kafka's own hooks: those of a broker that failed to start too. */
    private static synchronized void closeAtExit() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                // the JVM is ending
            }
        }
        KAFKA_EXIT_HOOKS.forEach(Runnable::run);
    }

    /**
     * Reads every partition of {@code topic} from the beginning until a record matching {@code until} is
     * seen or {@code timeout} passes; returns every record read, in the order read.
     */
    public static List<ConsumerRecord<String, String>> readUntil(String brokers, String topic,
            Predicate<List<ConsumerRecord<String, String>>> until, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", brokers, "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(2)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            // no consumer group: every partition from its first offset
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!until.test(records) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record);
                }
            }
        }
        return records;
    }
}
