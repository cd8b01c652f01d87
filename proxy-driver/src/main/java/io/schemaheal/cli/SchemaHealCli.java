package io.schemaheal.cli;

import io.schemaheal.log.Redact;
import io.schemaheal.manifest.ManifestException;
import io.schemaheal.manifest.MigrationManifest;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code schemaheal} command line: {@code manifest} and {@code doctor} ({@code demo} is its own module,
 * {@code schemaheal-demo}, which the {@code ./schemaheal} launcher runs). Exit 0 on success, 2 on an
 * error, with one clear line on stderr (the stack trace too with {@code --verbose}).
 */
public final class SchemaHealCli {

    private static final String USAGE = """
            usage: schemaheal <command> [options]

              manifest --migrations LOCATION[,LOCATION...][;SET...] [--database sqlite|postgresql|mariadb]
                       [--placeholders NAME=VALUE[,NAME=VALUE...]] [--checksums FILE]
                  print how each file was read (or why it is ignored) and what each migration
                  creates, alters and references; --database also reads the files marked for that
                  database (0001_init.postgres.up.sql); with --checksums, also write a
                  sha256sum-format file of the scripts
              doctor --url JDBC_URL --migrations LOCATION [--fix] [--json] [--checksums FILE]
                     [--user U] [--password P] [--driver-path JAR[:JAR...]]
                     [--placeholders NAME=VALUE[,NAME=VALUE...]]
                  compare a live database with its migrations: per migration, which of its
                  tables, columns, indexes, triggers and views are present or missing, and what
                  the application's version table believes; --fix heals what is missing.
                  Exit 0 clean, 1 drift, 2 error
              demo [--keep]
                  (./schemaheal only: the schemaheal-demo module) rebuild seed 000 (registry.sqlite
                  at 0.12.0 without the v08 chat tables) in a temporary folder, and heal it;
                  --keep leaves the folder in place
              help
                  this text

            LOCATION is classpath:path, filesystem:path or a bare path. --placeholders gives Flyway's
            ${NAME} placeholders their values. --verbose prints stack traces.
            """;

    private SchemaHealCli() {
    }

    /** {@code --database}: the dialect whose marked files {@code manifest} reads, or null. */
    private static String database(Map<String, String> options) throws UsageException {
        String given = options.get("--database");
        if (given == null) {
            return null;
        }
        String name = given.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (name) {
            case "sqlite", "postgresql", "mariadb" -> name;
            case "postgres" -> "postgresql";
            case "mysql" -> "mariadb";
            default -> throw new UsageException("--database: '" + given + "' is not a database SchemaHeal heals; give "
                    + "sqlite, postgresql or mariadb");
        };
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = List.of(args).contains("--verbose");
        try {
            if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
                out.print(USAGE);
                return args.length == 0 ? 2 : 0;
            }
            Map<String, String> options = options(args);
            switch (args[0]) {
                case "manifest" -> {
                    String migrations = required(options, "--migrations");
                    MigrationManifest manifest = MigrationManifest.build(io.schemaheal.config.ConfigResolver.locations(migrations),
                            DoctorCommand.placeholders(options), database(options));
                    ManifestCommand.print(manifest, out);
                    if (options.containsKey("--checksums")) {
                        Path file = Path.of(required(options, "--checksums"));
                        ManifestCommand.writeChecksums(manifest, file);
                        out.println("wrote " + manifest.migrations().size() + " checksums to " + file
                                + " (check with: sha256sum -c " + file + ")");
                    }
                    return 0;
                }
                case "doctor" -> {
                    return DoctorCommand.run(options, out);
                }
                case "demo" -> throw new UsageException("the demo is not in schemaheal-jdbc: run it with ./schemaheal demo "
                        + "(or java -cp schemaheal-demo.jar:schemaheal-jdbc.jar:sqlite-jdbc.jar io.schemaheal.demo.AgentOsDemo)");
                default -> throw new UsageException("unknown command '" + args[0] + "'; see schemaheal help");
            }
        } catch (UsageException | ManifestException e) {
            err.println("schemaheal: " + Redact.text(e.getMessage()));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 2;
        } catch (Exception e) {
            err.println("schemaheal: " + Redact.text(String.valueOf(e)));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 2;
        }
    }

    private static Map<String, String> options(String[] args) throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>(List.of("--keep", "--verbose", "--fix", "--json"));
        for (int k = 1; k < args.length; k++) {
            String a = args[k];
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'; see schemaheal help");
            }
            if (flags.contains(a)) {
                options.put(a, "true");
            } else if (k + 1 < args.length) {
                options.put(a, args[++k]);
            } else {
                throw new UsageException(a + " needs a value; see schemaheal help");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) throws UsageException {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(name + " is required; see schemaheal help");
        }
        return v;
    }

    /** A command line that cannot be run as given. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
