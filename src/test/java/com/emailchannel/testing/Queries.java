package com.emailchannel.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The single number a test's {@code select count(*) ...} answers, read from the service's database. */
public final class Queries {

    private Queries() {
    }

    public static long count(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Runs one statement that answers nothing (DDL, say) on the service's database. */
    public static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); java.sql.Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * The same on a database the test reaches by URL (user postgres), for a service running in its own process;
     * -1 while the database cannot answer, so a wait can go on polling.
     */
    public static long count(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
