package com.emailchannel.send;

import com.emailchannel.api.ProblemJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Stores single sends that arrive together in one acceptance statement, a group commit: the request thread that
 * finds no statement running stores every message waiting at that moment, its own among them, and the others get
 * their answer when that statement has committed. Nothing waits for a group to fill, so a lone request costs what
 * it did; under load one statement and one commit serve many messages. Each caller still returns only after its
 * message is committed, so the 202 stays durable.
 *
 * <p>When a group's statement fails, nothing of it was stored and its messages are stored one by one, so a failure
 * that belongs to one message (an Idempotency-Key a concurrent request took, a value PostgreSQL refuses) answers
 * that request alone. A database that cannot be reached fails the whole group at once instead.
 */
public final class AcceptanceGroups {

    private final AcceptanceRows rows;
    private final Consumer<String> statement;
    private final int maxMessages;
    private final long maxChars;
    private final ReentrantLock storing = new ReentrantLock();
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();

    /**
     * @param statement   stores a JSON array of rows ({@link AcceptanceRows}) in one transaction, or throws
     * @param maxMessages the most messages one statement stores
     * @param maxChars    the most JSON characters one statement carries; a larger message is stored alone
     */
    public AcceptanceGroups(AcceptanceRows rows, Consumer<String> statement, int maxMessages, long maxChars) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("send.acceptance-group-max must be at least 1");
        }
        this.rows = rows;
        this.statement = statement;
        this.maxMessages = maxMessages;
        this.maxChars = maxChars;
    }

    /** Stores a prepared message ({@link NewMessages#prepare}); returns once it is committed, or throws. */
    public void store(Map<String, Object> prepared) {
        Waiting own = new Waiting(rows.row(prepared));
        waiting.add(own);
        while (!own.stored.isDone()) {
            storing.lock();
            try {
                if (!own.stored.isDone()) {
                    storeGroup(nextGroup());
                }
            } finally {
                storing.unlock();
            }
        }
        Throwable failure = own.stored.handle((ok, error) -> error).join();
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** Messages waiting to be stored, for tests that need a group to have formed. */
    int waitingCount() {
        return waiting.size();
    }

    // only the thread holding the lock takes from the queue, so peek then poll take the same element
    private List<Waiting> nextGroup() {
        List<Waiting> group = new ArrayList<>();
        long chars = 0;
        for (Waiting next = waiting.peek(); next != null && group.size() < maxMessages
                && (group.isEmpty() || chars + next.row.length() <= maxChars); next = waiting.peek()) {
            group.add(waiting.poll());
            chars += next.row.length();
        }
        return group;
    }

    private void storeGroup(List<Waiting> group) {
        try {
            statement.accept(AcceptanceRows.array(group.stream().map(w -> w.row).toList()));
            group.forEach(w -> w.stored.complete(null));
        } catch (RuntimeException failure) {
            if (group.size() == 1 || ProblemJson.isDatabaseUnavailable(failure)) {
                group.forEach(w -> w.stored.completeExceptionally(failure));
                return;
            }
            for (Waiting alone : group) {
                storeGroup(List.of(alone));
            }
        }
    }

    private static final class Waiting {
        final String row;
        final CompletableFuture<Void> stored = new CompletableFuture<>();

        Waiting(String row) {
            this.row = row;
        }
    }
}
