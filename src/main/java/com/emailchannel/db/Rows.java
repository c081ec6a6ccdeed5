package com.emailchannel.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Reads typed values out of the rows camel-sql returns (column name to JDBC value). */
public final class Rows {

    private Rows() {
    }

    public static String string(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : value.toString();
    }

    /** A timestamptz column as an RFC 3339 UTC string, e.g. {@code 2026-11-25T06:15:10.123456Z}. */
    public static String time(Map<String, Object> row, String column) {
        Instant instant = instant(row.get(column));
        return instant == null ? null : instant.toString();
    }

    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        return Instant.parse(value.toString()).truncatedTo(ChronoUnit.MICROS);
    }

    public static byte[] bytes(Map<String, Object> row, String column) {
        return (byte[]) row.get(column);
    }
}
