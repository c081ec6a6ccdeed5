package com.emailchannel.db;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * Ids of the rows every message makes (messages, their events, inbound messages): UUID version 7 (RFC 9562). They
 * begin with their creation time in milliseconds and increase in the order they are made (JUG counts up within one
 * millisecond). A random (version 4) id put each insert into the indexes keyed by it (a message's id, its
 * Message-ID, its thread, its events' ids and timeline) on a random page of an index as large as the table: a page
 * to dirty per index per message, and after every checkpoint one written in full to the WAL. Time-ordered ids land
 * where the last insert did.
 */
public final class RowIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private RowIds() {
    }

    public static UUID next() {
        return GENERATOR.generate();
    }
}
