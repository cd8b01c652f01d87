package io.schemaheal.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * One place migration scripts are read from: {@code classpath:db/migration}, {@code filesystem:path} or a
 * bare path (= filesystem). The files directly inside the location are read; below it only what the tools
 * that use sub-folders find there ({@link MigrationFileName#parse} of the relative path): Flyway's scripts at
 * any depth, and the scripts of a folder per migration ({@code folder/up.sql}). Other tools' files in
 * sub-folders — sibling folders of other database kinds, say — are never read. A location on disk may also
 * be one file: a schema dump ({@code filesystem:db/schema.sql}), the one migration of the set. A location that
 * names a Liquibase master changelog ({@code classpath:db/changelog/db.changelog-master.yaml}) holds the SQL files
 * the changelog includes, in its order ({@link #ordered}).
 */
public final class MigrationLocation {

    /**
     * Fails as {@link #read} would when this location is not there, without reading it: a folder or file on disk that
     * does not exist; a {@code classpath:} location these class loaders do not see ({@link ManifestException#notVisibleHere}).
     */
    public void checkThere() throws ManifestException {
        if (classpath ? !exists() : !Files.exists(Paths.get(path))) {
            throw notThere();
        }
    }

    /** What {@link #read} says of a location that is not there (a classpath one: {@link ManifestException#notVisibleHere}). */
    private ManifestException notThere() {
        if (!classpath) {
            return new ManifestException("migrations location " + spec + " does not exist; "
                    + "set schemaheal.migrations to the folder that holds the migration scripts (or to one schema dump file)");
        }
        return new ManifestException("migrations location " + spec + " is not on the class path; " + (oneFile()
                ? "check the file's name and folder, or use filesystem:PATH for a file on disk"
                : "check the resource folder name, or use filesystem:PATH for a folder on disk"), true);
    }

    /**
     * A file read from a location. {@code before}: for an SQL file a Liquibase master includes, what the files before
     * it in the master made (its preconditions ask it); null: the location's own order says.
     */
    public record Resource(String name, String path, byte[] content, MadeSoFar before, ReadInPlace read) {
        public Resource(String name, String path, byte[] content) {
            this(name, path, content, null, null);
        }
    }

    /**
     * The statements of an SQL file a master includes, as they were read in its place (for what the files after it see),
     * with the text they were read from: the manifest reads them again only when its text differs (Flyway's
     * placeholders replaced), so a file is split once.
     */
    public record ReadInPlace(String text, List<io.schemaheal.sql.ScriptStatement> statements,
                              List<LiquibaseSql.Uncertain> uncertain) {
    }

    private final String spec;
    private final boolean classpath;
    private final String path;
    /** How the application names its Flyway scripts: files of that naming are read in sub-folders too. */
    private final FlywayNaming naming;

    private MigrationLocation(String spec, boolean classpath, String path) {
        this(spec, classpath, path, FlywayNaming.DEFAULT);
    }

    private MigrationLocation(String spec, boolean classpath, String path, FlywayNaming naming) {
        this.spec = spec;
        this.classpath = classpath;
        this.path = path;
        this.naming = naming;
    }

    /** This location, its Flyway scripts named as {@code naming} says. */
    MigrationLocation named(FlywayNaming naming) {
        return new MigrationLocation(spec, classpath, path, naming);
    }

    public static MigrationLocation parse(String spec) {
        String s = spec.strip();
        if (s.startsWith("classpath:")) {
            String p = s.substring("classpath:".length());
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            return new MigrationLocation(s, true, p);
        }
        if (s.startsWith("filesystem:")) {
            s = s.substring("filesystem:".length());
        }
        return new MigrationLocation("filesystem:" + Paths.get(s).toAbsolutePath().normalize(), false,
                Paths.get(s).toAbsolutePath().normalize().toString());
    }

    /** Canonical form: {@code classpath:x} or {@code filesystem:/absolute/path}. */
    public String spec() {
        return spec;
    }

    /** The files of the location, sorted by name (a changelog's: in its order). */
    public List<Resource> read() throws ManifestException {
        return read(null);
    }

    /**
     * As {@link #read()}; a changelog with changeSets of its own is rendered to SQL for {@code database} (a dialect
     * name; null: not known yet, nothing rendered) by the optional module {@code schemaheal-liquibase}.
     */
    public List<Resource> read(String database) throws ManifestException {
        if (ordered()) {
            List<Resource> out = new ArrayList<>();
            include(path, out, new Reading(database));
            return out;
        }
        return classpath ? readClasspath() : readFilesystem();
    }

    /** True for a Liquibase changelog: its files run in the order it includes them, whatever their names. */
    public boolean ordered() {
        return LiquibaseChangelog.isChangelog(path);
    }

    /**
     * One reading of a master changelog: the changelogs seen (an include of itself is an error), the one renderer that
     * renders every changelog with changeSets of its own in the order they run, and what the files before made, SQL
     * files too: a precondition of one file sees what the files before it made, whatever their kind.
     */
    private static final class Reading {
        final String database;
        final java.util.Set<String> seen = new java.util.HashSet<>();
        final MadeSoFar made;
        ChangelogRenderer renderer;

        Reading(String database) {
            this.database = database;
            this.made = new MadeSoFar(database);
        }

        ChangelogRenderer renderer() {
            if (renderer == null) {
                renderer = LiquibaseChangelog.renderer();
            }
            return renderer;
        }

        /** An SQL file the changelog includes, in its place: what it makes is what the files after it see. */
        void sqlFile(Resource r, List<Resource> out) throws ManifestException {
            MadeSoFar before = made.upToHere();
            ReadInPlace read = null;
            try {
                String text = MigrationScriptReader.decode(r);
                List<LiquibaseSql.Uncertain> uncertain = new ArrayList<>();
                read = new ReadInPlace(text, MigrationScriptReader.statements(text, LiquibaseSql.isFormattedSql(r.content()),
                        database, uncertain, made), uncertain);
            } catch (io.schemaheal.sql.SqlParseException | UnreadableScript e) {
                // read, and reported, where the file itself is read: here only what it makes is missed
            }
            out.add(new Resource(r.name(), r.path(), r.content(), before, read));
        }
    }

    /** Adds the SQL files a changelog includes, in order, following nested changelogs. */
    private void include(String changelog, List<Resource> out, Reading reading) throws ManifestException {
        java.util.Set<String> seen = reading.seen;
        String database = reading.database;
        if (!seen.add(changelog)) {
            throw new ManifestException("Liquibase changelog " + changelog + " includes itself (through " + seen + ")");
        }
        String text = LiquibaseChangelog.withoutComments(changelog,
                new String(readOne(changelog), java.nio.charset.StandardCharsets.UTF_8));
        ChangelogRenderer renderer = LiquibaseChangelog.hasChangeSets(text) ? reading.renderer() : null;
        if (renderer != null) {
            render(renderer, changelog, out, reading);
            return;
        }
        for (LiquibaseChangelog.Include inc : LiquibaseChangelog.includes(changelog, text)) {
            String target = inc.relativeToChangelog() ? sibling(changelog, inc.path()) : searchPath(inc.path());
            if (inc.all()) {
                for (Resource r : parse((classpath ? "classpath:" : "filesystem:") + target).read()) {
                    String file = target + "/" + r.name();
                    if (LiquibaseChangelog.isChangelog(file)) {
                        include(file, out, reading);
                    } else if (file.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")) {
                        reading.sqlFile(new Resource(file, r.path(), r.content()), out);
                    }
                }
            } else if (LiquibaseChangelog.isChangelog(target)) {
                include(target, out, reading);
            } else {
                reading.sqlFile(new Resource(target, classpath ? "classpath:" + target : target, readOne(target)), out);
            }
        }
    }

    /** A changelog with changeSets of its own, as the renderer makes it: one formatted SQL file per changelog file. */
    private void render(ChangelogRenderer renderer, String changelog, List<Resource> out, Reading reading)
            throws ManifestException {
        String database = reading.database;
        if (database == null) {
            return; // which SQL its changeSets run is known once the database is
        }
        try {
            for (ChangelogRenderer.Rendered r : renderer.render(classpath ? "classpath:" + changelog : changelog, database,
                    loaders().get(0), reading.made)) {
                out.add(new Resource(r.file(), r.file(), r.formattedSql().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        } catch (Exception e) {
            throw new ManifestException("Liquibase could not render changelog " + changelog + " for " + database + ": "
                    + e.getMessage() + "; check the changelog with Liquibase's own validate", e);
        }
    }

    /** A path next to a changelog ({@code relativeToChangelogFile}), with {@code ..} resolved. */
    private static String sibling(String changelog, String relative) {
        int slash = changelog.lastIndexOf('/');
        String joined = (slash < 0 ? "" : changelog.substring(0, slash + 1)) + relative;
        return Paths.get(joined).normalize().toString().replace(java.io.File.separatorChar, '/');
    }

    /** A path as Liquibase's search path reads it: the class path's root, or the working directory. */
    private String searchPath(String given) {
        String p = given.startsWith("classpath:") ? given.substring("classpath:".length()) : given;
        if (classpath) {
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            return p;
        }
        return Paths.get(p).toAbsolutePath().normalize().toString();
    }

    /** One file's bytes, from the class path or the disk as this location reads. */
    private byte[] readOne(String file) throws ManifestException {
        if (!classpath) {
            Path f = Paths.get(file);
            if (!Files.isRegularFile(f)) {
                throw new ManifestException("Liquibase changelog file " + f + " does not exist; a path that is not "
                        + "relativeToChangelogFile is read from the working directory");
            }
            return readFile(f);
        }
        for (ClassLoader loader : loaders()) {
            try (InputStream in = loader.getResourceAsStream(file)) {
                if (in != null) {
                    return in.readAllBytes();
                }
            } catch (IOException e) {
                throw new ManifestException("cannot read classpath:" + file + ": " + e, e);
            }
        }
        throw new ManifestException("classpath:" + file + " is not on the class path (named by a Liquibase changelog of "
                + spec + ")", true);
    }

    /**
     * True for a location that is one file, not a folder (nor a changelog): on disk, a regular file; on the class path,
     * a name ending in {@code .sql} ({@code classpath:db/postgres/schema.sql}, also inside a Spring Boot jar).
     */
    public boolean oneFile() {
        return !ordered() && (classpath ? path.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")
                : Files.isRegularFile(Paths.get(path)));
    }

    private List<Resource> readFilesystem() throws ManifestException {
        Path dir = Paths.get(path);
        if (Files.isRegularFile(dir)) {
            return List.of(new Resource(dir.getFileName().toString(), dir.toString(), readFile(dir)));
        }
        if (!Files.isDirectory(dir)) {
            throw notThere();
        }
        List<Resource> out = new ArrayList<>();
        try {
            readFolder(dir, out::add);
        } catch (IOException | UncheckedIOException e) {
            throw new ManifestException("cannot read migrations location " + spec + ": " + e.getMessage()
                    + "; check that the folder is readable by this process", e);
        }
        return out;
    }

    /** The files of a folder on disk that it reads ({@link #readsPath}), by their path inside it ({@code sub/V2__x.sql}). */
    private void readFolder(Path dir, java.util.function.Consumer<Resource> into) throws IOException, ManifestException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String name = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (Files.isRegularFile(f) && readsPath(name)) {
                    into.accept(new Resource(name, f.toString(), readFile(f)));
                }
            }
        }
    }

    /** True when a path inside a location (with '/') is a file it reads: its own, or one a tool finds in a sub-folder. */
    private boolean readsPath(String relative) {
        return relative.indexOf('/') < 0 || MigrationFileName.parse(naming.standard(relative)) != null;
    }

    private static byte[] readFile(Path f) throws ManifestException {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new ManifestException("cannot read migration file " + f + ": " + e
                    + "; check that the file is readable by this process", e);
        }
    }

    private List<Resource> readClasspath() throws ManifestException {
        if (oneFile()) {
            return readClasspathFile();
        }
        TreeMap<String, Resource> byName = new TreeMap<>();
        try {
            for (URL url : resources()) {
                if ("file".equals(url.getProtocol())) {
                    Path dir = Paths.get(url.toURI());
                    if (Files.isDirectory(dir)) {
                        readFolder(dir, r -> byName.putIfAbsent(r.name(), r));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        String prefix = path + "/";
                        for (JarEntry entry : Collections.list(jar.entries())) {
                            String n = entry.getName();
                            if (!entry.isDirectory() && n.startsWith(prefix) && readsPath(n.substring(prefix.length()))) {
                                String name = n.substring(prefix.length());
                                try (InputStream in = jar.getInputStream(entry)) {
                                    byName.putIfAbsent(name, new Resource(name, url + name, in.readAllBytes()));
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new ManifestException("cannot read migrations location " + spec + ": " + e, e);
        }
        if (byName.isEmpty() && !exists()) {
            throw notThere();
        }
        return new ArrayList<>(byName.values());
    }

    /** The one file a {@code classpath:...sql} location names: the first class loader's that has it. */
    private List<Resource> readClasspathFile() throws ManifestException {
        try {
            for (URL url : resources()) {
                try (InputStream in = url.openStream()) {
                    return List.of(new Resource(path.substring(path.lastIndexOf('/') + 1), url.toString(), in.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new ManifestException("cannot read migrations location " + spec + ": " + e, e);
        }
        throw notThere();
    }

    private boolean exists() throws ManifestException {
        try {
            return !resources().isEmpty();
        } catch (IOException e) {
            throw new ManifestException("cannot read migrations location " + spec + ": " + e, e);
        }
    }

    /** Where {@code classpath:} resources are looked for, in order: the thread's class loader, then SchemaHeal's own. */
    static List<ClassLoader> loaders() {
        List<ClassLoader> out = new ArrayList<>(2);
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                MigrationLocation.class.getClassLoader()}) {
            if (loader != null && !out.contains(loader)) {
                out.add(loader);
            }
        }
        return out;
    }

    private List<URL> resources() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (ClassLoader loader : loaders()) {
            Enumeration<URL> e = loader.getResources(path);
            while (e.hasMoreElements()) {
                URL u = e.nextElement();
                if (!urls.contains(u)) {
                    urls.add(u);
                }
            }
        }
        return urls;
    }

    @Override
    public String toString() {
        return spec;
    }
}
