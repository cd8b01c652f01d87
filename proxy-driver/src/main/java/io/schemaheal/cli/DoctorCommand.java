package io.schemaheal.cli;

import io.schemaheal.log.Redact;
import io.schemaheal.config.HealSettings;
import io.schemaheal.config.Mode;
import io.schemaheal.dialect.Dialect;
import io.schemaheal.dialect.Dialects;
import io.schemaheal.doctor.Doctor;
import io.schemaheal.doctor.DoctorReport;
import io.schemaheal.heal.ChecksumPins;
import io.schemaheal.heal.Healer;
import io.schemaheal.jdbc.HealingDriver;
import io.schemaheal.manifest.MigrationManifest;

import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** {@code schemaheal doctor}: exit 0 clean, 1 drift, 2 error. */
final class DoctorCommand {

    private DoctorCommand() {
    }

    static int run(Map<String, String> options, PrintStream out) throws Exception {
        String url = options.get("--url");
        String migrations = options.get("--migrations");
        if (url == null || migrations == null) {
            throw new SchemaHealCli.UsageException("doctor needs --url JDBC_URL and --migrations LOCATION; see schemaheal help");
        }
        String realUrl = url.startsWith(HealingDriver.PREFIX) ? "jdbc:" + url.substring(HealingDriver.PREFIX.length()) : url;
        Dialect dialect = Dialects.forUrl(realUrl);
        Map<String, String> placeholders = placeholders(options);
        MigrationManifest manifest = MigrationManifest.build(io.schemaheal.config.ConfigResolver.locations(migrations), placeholders, dialect.name());
        Path checksumFile = options.containsKey("--checksums") ? Path.of(options.get("--checksums")) : null;
        ChecksumPins pins = checksumFile == null ? null : ChecksumPins.load(checksumFile);
        Properties props = new Properties();
        if (options.containsKey("--user")) {
            props.setProperty("user", options.get("--user"));
        }
        if (options.containsKey("--password")) {
            props.setProperty("password", options.get("--password"));
        }
        Driver driver = driver(realUrl, options.get("--driver-path"));
        try (Connection c = connect(driver, realUrl, props)) {
            Doctor doctor = new Doctor(c, dialect, manifest, pins);
            DoctorReport report = doctor.examine(Redact.text(realUrl));
            boolean json = options.containsKey("--json");
            if (options.containsKey("--fix") && report.drift()) {
                HealSettings settings = new HealSettings(Mode.HEAL, manifest.locations(), null, Duration.ofSeconds(30),
                        "schemaheal_history", null, null, checksumFile, false, placeholders);
                Healer healer = new Healer(dialect, manifest, settings, realUrl, c, () -> connect(driver, realUrl, props));
                if (!json) {
                    print(report, out);
                    out.println();
                    out.println("fixing ...");
                }
                Map<String, String> failures = doctor.fix(report, healer);
                failures.forEach((table, why) -> out.println((json ? "" : "  ") + "could not heal " + table + ": " + why));
                for (DoctorReport.MigrationStatus pending : report.pending()) {
                    out.println((json ? "" : "  ") + "left " + report.notRunYet(pending) + " to the migration tool ("
                            + report.versionTable().name() + " does not record it yet)");
                }
                report = doctor.examine(Redact.text(realUrl));
                if (!json) {
                    out.println();
                }
            }
            if (json) {
                out.println(json(report));
            } else {
                print(report, out);
            }
            return report.drift() ? 1 : 0;
        }
    }

    /** {@code --placeholders name=value[,name=value...]}: Flyway's placeholders in the scripts. */
    static Map<String, String> placeholders(Map<String, String> options) throws SchemaHealCli.UsageException {
        Map<String, String> out = new LinkedHashMap<>();
        String given = options.get("--placeholders");
        if (given == null) {
            return out;
        }
        for (String pair : given.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new SchemaHealCli.UsageException("--placeholders: '" + pair + "' is not name=value; give "
                        + "--placeholders name=value[,name=value...]");
            }
            out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
        }
        return out;
    }

    /** The driver for the URL: from --driver-path jars when given (for java -jar schemaheal-agent.jar), else registered. */
    private static Driver driver(String url, String driverPath) throws Exception {
        if (driverPath == null) {
            try {
                return DriverManager.getDriver(url);
            } catch (SQLException e) {
                throw new SQLException("no JDBC driver for " + url + " on the class path; add it, or give its jar with --driver-path", e);
            }
        }
        List<URL> jars = new ArrayList<>();
        for (String p : driverPath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(p);
            if (!Files.exists(path)) {
                throw new SchemaHealCli.UsageException("--driver-path: " + path + " does not exist");
            }
            jars.add(path.toUri().toURL());
        }
        ClassLoader loader = new URLClassLoader(jars.toArray(new URL[0]), DoctorCommand.class.getClassLoader());
        for (Driver d : ServiceLoader.load(Driver.class, loader)) {
            if (!(d instanceof HealingDriver) && d.acceptsURL(url)) {
                return d;
            }
        }
        throw new SQLException("no JDBC driver for " + url + " in " + driverPath);
    }

    private static Connection connect(Driver driver, String url, Properties props) throws SQLException {
        Connection c = driver.connect(url, props);
        if (c == null) {
            throw new SQLException("the driver did not accept " + url);
        }
        return c;
    }

    static void print(DoctorReport report, PrintStream out) {
        String table = report.versionTable().name();
        out.println("SchemaHeal doctor: " + report.url());
        out.println("migrations: " + String.join(", ", report.locations()));
        out.println("version table: " + (table == null ? "none found"
                : table + " (records " + summarize(report.versionTable().recorded()) + ")"));
        for (String unreadable : report.unreadable()) {
            out.println("  ❌ " + unreadable);
        }
        for (String notice : report.notices()) {
            out.println("  ⚠️ " + notice);
        }
        if (report.newerRelease() != null) {
            out.println("  ❌ " + report.newerRelease().table() + " records version " + report.newerRelease().version()
                    + ", newer than every migration here: "
                    + "the database belongs to a newer release, and SchemaHeal heals nothing in it (deploy the release "
                    + "that migrated it, or point --migrations at its scripts)");
        }
        out.println();
        int missing = 0;
        int believed = 0;
        int unrecorded = 0;
        int checksums = 0;
        for (DoctorReport.MigrationStatus m : report.migrations()) {
            String head = String.format("%-6s %-40s", m.migration().version(), m.migration().fileName());
            if (m.checksumProblem() != null) {
                checksums++;
                out.println("  ❌ " + head + " " + m.checksumProblem());
            } else if (m.notRunYet() && !m.complete()) {
                String what = report.ranInPart(m) ? "changeSets not run yet" : "not run yet";
                out.println("  ⏳ " + head + " " + what + " (" + table + " does not record them): the migration tool's to apply");
            } else if (!m.complete()) {
                missing++;
                String why = m.believedAppliedButMissing() ? " — " + table + " says it ran" : "";
                believed += m.believedAppliedButMissing() ? 1 : 0;
                out.println("  ❌ " + head + " missing: " + describe(m.missing()) + why);
            } else if (m.presentButUnrecorded(table != null)) {
                unrecorded++;
                out.println("  ⚠️ " + head + " present (" + describe(m.objects()) + "), not recorded in " + table);
            } else {
                out.println("  ✅ " + head + " " + (m.objects().isEmpty() ? "nothing to check" : describe(m.objects())));
            }
        }
        out.println();
        List<String> parts = new ArrayList<>();
        if (missing > 0) {
            parts.add(missing + " migration" + (missing > 1 ? "s" : "") + " with missing objects"
                    + (believed > 0 ? " (" + believed + " that " + table + " says ran)" : ""));
        }
        if (checksums > 0) {
            parts.add(checksums + " script" + (checksums > 1 ? "s" : "") + " failing the pinned checksums");
        }
        if (!report.unreadable().isEmpty()) {
            parts.add(report.unreadable().size() + " script problem" + (report.unreadable().size() > 1 ? "s" : "")
                    + " (what they name is not healed)");
        }
        if (report.newerRelease() != null) {
            parts.add("the database is a newer release's (" + report.newerRelease().table() + " " + report.newerRelease().version() + ")");
        }
        if (unrecorded > 0) {
            parts.add(unrecorded + " present but not recorded (SchemaHeal never writes " + table + ")");
        }
        if (!report.pending().isEmpty()) {
            parts.add(report.pending().size() + " not run yet (the migration tool's)");
        }
        out.println((report.drift() ? "drift: " : "clean") + (parts.isEmpty() ? "" : (report.drift() ? "" : ": ") + String.join("; ", parts)));
    }

    /** "2 tables, 12 columns, 6 indexes" — or, for missing objects, the tables by name. */
    private static String describe(List<DoctorReport.ObjectStatus> objects) {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (DoctorReport.ObjectStatus o : objects) {
            byKind.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o.name());
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, names) -> parts.add(names.size() <= 3
                ? kind + " " + String.join(", ", names)
                : names.size() + " " + (kind.endsWith("x") ? kind + "es" : kind + "s")));
        return String.join("; ", parts);
    }

    private static String summarize(List<String> recorded) {
        if (recorded.isEmpty()) {
            return "nothing";
        }
        return recorded.size() <= 6 ? String.join(", ", recorded)
                : recorded.get(0) + " … " + recorded.get(recorded.size() - 1) + ", " + recorded.size() + " in all";
    }

    static String json(DoctorReport report) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"url\":").append(q(report.url()));
        sb.append(",\"migrations_locations\":[").append(report.locations().stream().map(DoctorCommand::q)
                .collect(Collectors.joining(","))).append(']');
        sb.append(",\"version_table\":").append(report.versionTable().name() == null ? "null" : q(report.versionTable().name()));
        sb.append(",\"unreadable\":[").append(report.unreadable().stream().map(DoctorCommand::q)
                .collect(java.util.stream.Collectors.joining(","))).append(']');
        sb.append(",\"newer_release\":").append(report.newerRelease() == null ? "null" : q(report.newerRelease().version()));
        sb.append(",\"recorded\":[").append(report.versionTable().recorded().stream().map(DoctorCommand::q)
                .collect(Collectors.joining(","))).append(']');
        sb.append(",\"drift\":").append(report.drift());
        sb.append(",\"notices\":[").append(report.notices().stream().map(DoctorCommand::q).collect(Collectors.joining(",")))
                .append(']');
        sb.append(",\"migrations\":[");
        boolean first = true;
        for (DoctorReport.MigrationStatus m : report.migrations()) {
            sb.append(first ? "" : ",");
            first = false;
            sb.append("{\"version\":").append(q(m.migration().version().toString()));
            sb.append(",\"file\":").append(q(m.migration().fileName()));
            sb.append(",\"sha256\":").append(q(m.migration().sha256()));
            sb.append(",\"status\":").append(q(m.checksumProblem() != null ? "checksum" : m.complete() ? "ok"
                    : m.notRunYet() ? "pending" : "missing"));
            sb.append(",\"recorded\":").append(m.recorded());
            sb.append(",\"believed_applied\":").append(m.implied());
            sb.append(",\"present_but_unrecorded\":").append(m.presentButUnrecorded(report.versionTable().name() != null));
            sb.append(",\"missing\":[").append(m.missing().stream().map(o -> q(o.toString())).collect(Collectors.joining(",")));
            sb.append("],\"objects\":").append(m.objects().size());
            if (m.checksumProblem() != null) {
                sb.append(",\"checksum_problem\":").append(q(m.checksumProblem()));
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
