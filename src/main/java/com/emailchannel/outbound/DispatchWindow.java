package com.emailchannel.outbound;

/**
 * How many outbox rows this instance holds claimed and not yet dispatched, at most {@code size}. The dispatcher's
 * polls do not wait for the previous claim's messages to go out (the scheduler fires every poll), so without a
 * bound every poll claimed another batch: thousands of rows leased to one instance while its threads worked through
 * them, a transactional message queued behind all of them, and every claim scanning past them in the index.
 * A poll reserves what is free, claims at most that, gives back what it did not claim, and each message frees its
 * place once it has been handed to the relay (or failed).
 */
public final class DispatchWindow {

    private final int size;
    private int held;

    public DispatchWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("dispatch window must be at least 1, was " + size);
        }
        this.size = size;
    }

    /** Reserves every free place for one claim and returns how many: the claim's limit (0: skip this poll). */
    public synchronized int reserve() {
        int free = size - held;
        held = size;
        return free;
    }

    private synchronized void giveBack(int places) {
        held = Math.max(0, held - places);
    }

    /**
     * A poll reserved {@code reserved} places and hands {@code kept} claimed messages to the dispatch threads: the
     * rest (not claimed, or claimed and put back by the setup's rate limit) are free again.
     */
    public void unclaimed(int reserved, int kept) {
        giveBack(reserved - kept);
    }

    /**
     * The claim, or what comes between it and the dispatch threads (the deferral of rate-limited rows), failed: the
     * database unreachable, say. The {@code places} the poll reserved are free again, and the poll fails with it.
     */
    public void notDispatched(int places, Exception failure) throws Exception {
        giveBack(places);
        throw failure;
    }

    /** One claimed message is done with (sent, refused or failed): its place is free. */
    public void done() {
        giveBack(1);
    }

    public synchronized int held() {
        return held;
    }
}
