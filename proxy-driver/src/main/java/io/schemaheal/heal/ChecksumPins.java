package io.schemaheal.heal;

import io.schemaheal.manifest.Migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scripts that may be applied ({@code schemaheal.checksums}): a {@code sha256sum}-format file, one
 * {@code <hex>  <path>} line a script. A script is matched by file name; one that is not listed, or whose
 * bytes have another SHA-256, is never applied.
 */
public final class ChecksumPins {

    /** The pins read, by file: in the process's registry. */
    private static final class Read {
        final Map<Path, ChecksumPins> byFile = new ConcurrentHashMap<>();
    }

    private static Map<Path, ChecksumPins> read() {
        return io.schemaheal.registry.Registry.ofProcess(Read.class, Read::new).byFile;
    }

    private final Path file;
    private final FileTime modified;
    private final Map<String, String> byFileName;

    private ChecksumPins(Path file, FileTime modified, Map<String, String> byFileName) {
        this.file = file;
        this.modified = modified;
        this.byFileName = byFileName;
    }

    /** Loads (or reuses, while the file is unchanged) the pins of a file. */
    public static ChecksumPins load(Path file) throws HealFailedException {
        Path abs = file.toAbsolutePath().normalize();
        try {
            FileTime modified = Files.getLastModifiedTime(abs);
            ChecksumPins cached = read().get(abs);
            if (cached != null && cached.modified.equals(modified)) {
                return cached;
            }
            Map<String, String> pins = new HashMap<>();
            int lineNo = 0;
            for (String line : Files.readAllLines(abs, StandardCharsets.UTF_8)) {
                lineNo++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+\\*?", 2);
                if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{64}")) {
                    throw new HealFailedException("checksums file " + abs + " line " + lineNo
                            + " is not '<sha256>  <file>'; write it with ./schemaheal manifest --checksums");
                }
                pins.put(Path.of(parts[1].strip()).getFileName().toString(), parts[0].toLowerCase(Locale.ROOT));
            }
            ChecksumPins loaded = new ChecksumPins(abs, modified, pins);
            read().put(abs, loaded);
            return loaded;
        } catch (IOException e) {
            throw new HealFailedException("cannot read checksums file " + abs + " (schemaheal.checksums): " + e, e);
        }
    }

    /** Throws naming the script and both checksums when any of them may not be applied. */
    public void verify(List<Migration> migrations) throws HealFailedException {
        for (Migration m : migrations) {
            String pinned = byFileName.get(m.fileName());
            if (pinned == null) {
                throw new HealFailedException("migration " + m.path() + " (SHA-256 " + m.sha256() + ") is not listed in "
                        + file + " (schemaheal.checksums), so it is never applied; add it if it is trusted");
            }
            if (!pinned.equals(m.sha256())) {
                throw new HealFailedException("migration " + m.path() + " has SHA-256 " + m.sha256() + " but " + file
                        + " pins " + pinned + "; the script changed since it was pinned, so it is never applied");
            }
        }
    }
}
