package io.schemaheal.bench;

import com.p6spy.engine.spy.P6DataSource;
import io.schemaheal.jdbc.HealingDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * What stands between the benchmark and the driver: nothing, SchemaHeal, P6Spy or datasource-proxy,
 * each wrapping the same DataSource.
 */
public enum Variant {
    RAW,
    SCHEMAHEAL,
    P6SPY,
    DATASOURCE_PROXY;

    static {
        // P6Spy with its core module only: statement wrapping without the logging module's file output
        System.setProperty("p6spy.config.modulelist", "com.p6spy.engine.spy.P6SpyFactory");
    }

    public static Variant of(String name) {
        return valueOf(name.toUpperCase().replace('-', '_'));
    }

    public DataSource wrap(DataSource raw) {
        return switch (this) {
            case RAW -> raw;
            case SCHEMAHEAL -> new HealingDataSource(raw, healProperties());
            case P6SPY -> new P6DataSource(raw);
            case DATASOURCE_PROXY -> ProxyDataSourceBuilder.create(raw).build();
        };
    }

    /** SchemaHeal configured with a real (one-script) migration set, so its wrappers are in place. */
    static Properties healProperties() {
        Properties p = new Properties();
        p.setProperty("schemaheal.migrations", "filesystem:" + BenchMigrations.DIR);
        return p;
    }

    /** A migration folder for the hot-path benchmarks: the items table they query. */
    static final class BenchMigrations {
        static final Path DIR = create();

        private static Path create() {
            try {
                Path dir = Files.createTempDirectory("schemaheal-bench-migrations-");
                Files.writeString(dir.resolve("V1__items.sql"),
                        "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL);\n");
                dir.toFile().deleteOnExit();
                dir.resolve("V1__items.sql").toFile().deleteOnExit();
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
