package io.schemaheal.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Liquibase master changelog ({@code db.changelog-master.yaml}, {@code .xml}, {@code .json}) read for its
 * {@code include} and {@code includeAll} entries, in order: the files it names are the migrations, run in that
 * order. Changelogs that hold changes of their own ({@code changeSet} with {@code createTable}, ...) are rendered
 * by Liquibase itself, which {@code schemaheal-jdbc} does not carry.
 */
final class LiquibaseChangelog {

    /** One entry: a file, or every file of a folder ({@code includeAll}), relative to the changelog or the search path. */
    record Include(boolean all, String path, boolean relativeToChangelog) {
    }

    private static final Pattern ENTRY = Pattern.compile("\\binclude(All)?\\b");
    private static final Pattern KEY = Pattern.compile(
            "\"?\\b(file|path|relativeToChangelogFile)\\b\"?\\s*[:=]\\s*[\"']?([^\"'\\s,}>]+)[\"']?");
    private static final Pattern CHANGES = Pattern.compile("\\bchangeSet\\b");

    private LiquibaseChangelog() {
    }

    /** True for a location that names a changelog file rather than a folder of scripts. */
    static boolean isChangelog(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".yaml") || p.endsWith(".yml") || p.endsWith(".xml") || p.endsWith(".json");
    }

    private static final Pattern XML_COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

    /**
     * The changelog's text without its comments (XML {@code <!-- -->}, YAML {@code #}), kept line for line: a word
     * {@code include} or {@code changeSet} in a comment is not an entry.
     */
    static String withoutComments(String where, String text) {
        String p = where.toLowerCase(Locale.ROOT);
        if (p.endsWith(".xml")) {
            return XML_COMMENT.matcher(text).replaceAll(m -> m.group().replaceAll("[^\n]", " "));
        }
        if (p.endsWith(".yaml") || p.endsWith(".yml")) {
            StringBuilder out = new StringBuilder(text.length());
            for (String line : text.split("\n", -1)) {
                out.append(yamlCode(line)).append('\n');
            }
            return out.substring(0, Math.max(0, out.length() - 1));
        }
        return text;
    }

    /** A YAML line up to its comment: a {@code #} at its start or after a space, outside quotes. */
    private static String yamlCode(String line) {
        char quote = 0;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (k == 0 || Character.isWhitespace(line.charAt(k - 1)))) {
                return line.substring(0, k);
            }
        }
        return line;
    }

    /** True when the changelog holds changeSets of its own: only Liquibase can say what SQL they run. */
    static boolean hasChangeSets(String text) {
        return CHANGES.matcher(text).find();
    }

    /** The renderer of the optional module {@code schemaheal-liquibase}, or null when it is not on the class path. */
    static ChangelogRenderer renderer() {
        for (ClassLoader loader : MigrationLocation.loaders()) {
            for (ChangelogRenderer r : java.util.ServiceLoader.load(ChangelogRenderer.class, loader)) {
                return r;
            }
        }
        return null;
    }

    /** The entries of a changelog's text, in order. */
    static List<Include> includes(String where, String text) throws ManifestException {
        if (hasChangeSets(text)) {
            throw new ManifestException("Liquibase changelog " + where + " holds changeSets of its own; SchemaHeal reads the "
                    + "formatted SQL files a changelog includes, and changeSets in XML, YAML or JSON need the optional module "
                    + "schemaheal-liquibase on the class path, which renders them to SQL");
        }
        List<Include> out = new ArrayList<>();
        Matcher entry = ENTRY.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (entry.find()) {
            spans.add(new int[] {entry.start(), entry.end(), entry.group(1) != null ? 1 : 0});
        }
        for (int k = 0; k < spans.size(); k++) {
            String chunk = text.substring(spans.get(k)[1], k + 1 < spans.size() ? spans.get(k + 1)[0] : text.length());
            String path = null;
            boolean relative = false;
            Matcher key = KEY.matcher(chunk);
            while (key.find()) {
                switch (key.group(1)) {
                    case "relativeToChangelogFile" -> relative = key.group(2).equalsIgnoreCase("true");
                    default -> path = path == null ? key.group(2) : path;
                }
            }
            if (path == null) {
                throw new ManifestException("Liquibase changelog " + where + ": an include names no file or path; give it "
                        + (spans.get(k)[2] == 1 ? "path:" : "file:"));
            }
            out.add(new Include(spans.get(k)[2] == 1, path, relative));
        }
        return out;
    }
}
