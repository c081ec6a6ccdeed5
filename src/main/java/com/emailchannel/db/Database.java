package com.emailchannel.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Builds the connection pool and brings the schema up to date with the Flyway migrations in {@code db/migration}. */
public final class Database {

    private Database() {
    }

    public static HikariDataSource pool(String url, String user, String password, int maxPoolSize,
            long connectionTimeoutMs) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("email-channel");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        // A stopped database must turn into a quick 503, not a request that hangs.
        config.setConnectionTimeout(connectionTimeoutMs);
        config.setValidationTimeout(Math.min(connectionTimeoutMs, 1000));
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
