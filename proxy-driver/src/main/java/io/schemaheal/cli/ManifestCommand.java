package io.schemaheal.cli;

import io.schemaheal.manifest.MigrationManifest;
import io.schemaheal.manifest.Migration;
import io.schemaheal.sql.AlterAction;
import io.schemaheal.sql.SqlStatement;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code schemaheal manifest}: prints what each migration creates, alters and references. */
final class ManifestCommand {

    private ManifestCommand() {
    }

    static void print(MigrationManifest manifest, PrintStream out) {
        out.println("Migrations: " + String.join(", ", manifest.locations()));
        List<String[]> files = new ArrayList<>();
        files.add(new String[] {"FILE", "READ AS"});
        for (MigrationManifest.FileReading f : manifest.files()) {
            files.add(new String[] {f.path(), f.migration() != null ? "version " + f.migration().version() + " (" + f.convention() + ")"
                    : "ignored: " + f.ignoredBecause()});
        }
        printTable(files, out, 200);
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VERSION", "FILE", "SHA-256", "CREATES", "ALTERS", "INDEXES/TRIGGERS/VIEWS", "DATA"});
        for (Migration m : manifest.migrations()) {
            Set<String> creates = new LinkedHashSet<>();
            Set<String> alters = new LinkedHashSet<>();
            Set<String> objects = new LinkedHashSet<>();
            Set<String> data = new LinkedHashSet<>();
            for (SqlStatement s : m.statements()) {
                switch (s.kind()) {
                    case CREATE_TABLE -> creates.add(s.object().toString());
                    case CREATE_VIRTUAL_TABLE -> creates.add(s.object() + " (virtual)");
                    case CREATE_INDEX, CREATE_TRIGGER, CREATE_VIEW, CREATE_MATERIALIZED_VIEW, CREATE_TYPE,
                            CREATE_SEQUENCE, CREATE_FUNCTION -> objects.add(kindWord(s) + " "
                            + (s.object() == null ? "(unnamed)" : s.object().toString()));
                    case DROP_TABLE, DROP_INDEX, DROP_TRIGGER, DROP_VIEW -> objects.add("drop " + s.objects());
                    case ALTER_TABLE -> alters.add(s.table() + alterSummary(s));
                    case DATA -> data.add(s.table().toString());
                    default -> {
                    }
                }
            }
            rows.add(new String[] {m.version().toString(), m.fileName(), m.sha256().substring(0, 12),
                    join(creates), join(alters), join(objects), join(data)});
        }
        printTable(rows, out, 60);
        out.println(manifest.migrations().size() + " migrations, " + manifest.entries().size() + " statements, "
                + manifest.relations().size() + " tables and views");
    }

    /** Rows in columns as wide as their widest cell, each cell cut at {@code max} characters. */
    private static void printTable(List<String[]> rows, PrintStream out, int max) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int k = 0; k < r.length; k++) {
                widths[k] = Math.min(max, Math.max(widths[k], r[k].length()));
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < r.length; k++) {
                String cell = r[k].length() > max ? r[k].substring(0, max - 3) + "..." : r[k];
                sb.append(String.format("%-" + widths[k] + "s", cell)).append(k + 1 < r.length ? "  " : "");
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** Writes a {@code sha256sum}-format file of the scripts (checkable with {@code sha256sum -c}). */
    static void writeChecksums(MigrationManifest manifest, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Migration m : manifest.migrations()) {
            sb.append(m.sha256()).append("  ").append(m.path()).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String kindWord(SqlStatement s) {
        return switch (s.kind()) {
            case CREATE_INDEX -> "index";
            case CREATE_TRIGGER -> "trigger";
            case CREATE_VIEW -> "view";
            case CREATE_MATERIALIZED_VIEW -> "materialized view";
            case CREATE_TYPE -> "type";
            case CREATE_SEQUENCE -> "sequence";
            default -> "function";
        };
    }

    private static String alterSummary(SqlStatement s) {
        List<String> parts = new ArrayList<>();
        for (AlterAction a : s.actions()) {
            switch (a.type()) {
                case ADD_COLUMN -> parts.add("+" + a.column());
                case DROP_COLUMN -> parts.add("-" + a.column());
                case RENAME_COLUMN -> parts.add(a.column() + "->" + a.newName());
                case RENAME_TABLE -> parts.add("->" + a.newName());
                default -> parts.add("~");
            }
        }
        return parts.isEmpty() ? "" : "(" + String.join(",", parts) + ")";
    }

    private static String join(Set<String> s) {
        return s.isEmpty() ? "-" : String.join(", ", s);
    }
}
