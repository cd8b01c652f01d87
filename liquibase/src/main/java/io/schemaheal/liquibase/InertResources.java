package io.schemaheal.liquibase;

import liquibase.resource.OpenOptions;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The changelogs as Liquibase reads them, except that an XML {@code <customChange>} is read as an {@code <output>}
 * naming its class: Liquibase loads and instantiates a custom change's class while it parses (its constructor runs,
 * and a class that is not on the class path fails the whole changelog), with the values it is given. The renderer
 * marks a changeSet with such an {@code output} as one that runs code: what it names is not healed; the rest of the
 * changelog is rendered as written.
 */
final class InertResources implements ResourceAccessor {

    /** How the stand-in {@code output} change's message begins; the class name follows. */
    static final String CUSTOM_CHANGE = "schemaheal: customChange ";

    private static final Pattern ELEMENT = Pattern.compile(
            "<customChange\\b([^>]*?)(?:/>|>(?:.*?)</customChange\\s*>)", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("\\bclass\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final Pattern VALUE = Pattern.compile("\\b([\\w:-]+)\\s*=\\s*([\"'])(.*?)\\2", Pattern.DOTALL);
    /** Between the class and the values a custom change is given, in the stand-in's message. */
    static final String NAMING = " naming ";

    private final ResourceAccessor delegate;

    InertResources(ResourceAccessor delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<Resource> search(String path, boolean recursive) throws IOException {
        return delegate.search(path, recursive).stream().map(InertResources::inert).toList();
    }

    @Override
    public List<Resource> getAll(String path) throws IOException {
        List<Resource> all = delegate.getAll(path);
        return all == null ? null : all.stream().map(InertResources::inert).toList();
    }

    @Override
    public List<String> describeLocations() {
        return delegate.describeLocations();
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }

    private static Resource inert(Resource r) {
        return r == null || r instanceof Inert ? r : new Inert(r);
    }

    /**
     * {@code xml} with each {@code <customChange>} element replaced by an {@code <output>} that names its class. A
     * changelog that declares an XML schema older than {@code output} (3.3; Keycloak's declare 3.1 and 3.2, and Liquibase
     * validates against the one declared) then declares the latest, which Liquibase also knows and which is a superset.
     */
    static String withoutCustomChanges(String xml) {
        Matcher m = ELEMENT.matcher(xml);
        StringBuilder out = new StringBuilder(xml.length());
        boolean any = false;
        while (m.find()) {
            any = true;
            Matcher c = CLASS.matcher(m.group(1));
            String name = c.find() ? c.group(1) : "(no class)";
            // the values it is given (a table's name, as a rule) say what it may touch: the heal refuses those
            List<String> values = new java.util.ArrayList<>();
            Matcher v = VALUE.matcher(m.group());
            while (v.find()) {
                if (!v.group(1).equals("class") && !v.group(3).isBlank()) {
                    values.add(v.group(3));
                }
            }
            String message = CUSTOM_CHANGE + name + (values.isEmpty() ? "" : NAMING + String.join(" ", values));
            m.appendReplacement(out, Matcher.quoteReplacement("<output target=\"STDERR\">"
                    + message.replace("&", "&amp;").replace("<", "&lt;") + "</output>"));
        }
        String inert = m.appendTail(out).toString();
        return any ? OLD_SCHEMA.matcher(inert).replaceAll("$1latest.xsd") : inert;
    }

    /** A declared changelog schema from before {@code <output>}: 1.x to 3.2. */
    private static final Pattern OLD_SCHEMA = Pattern.compile("(/dbchangelog/dbchangelog-)(?:1\\.\\d+|2\\.\\d+|3\\.[012])\\.xsd");

    /** A resource read through {@link #withoutCustomChanges} when it is XML; never written. */
    private record Inert(Resource resource) implements Resource {

        @Override
        public String getPath() {
            return resource.getPath();
        }

        @Override
        public InputStream openInputStream() throws IOException {
            if (!resource.getPath().toLowerCase(java.util.Locale.ROOT).endsWith(".xml")) {
                return resource.openInputStream();
            }
            try (InputStream in = resource.openInputStream()) {
                String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new ByteArrayInputStream(withoutCustomChanges(xml).getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public boolean isWritable() {
            return false;
        }

        @Override
        public boolean exists() {
            return resource.exists();
        }

        @Override
        public Resource resolve(String other) {
            return inert(resource.resolve(other));
        }

        @Override
        public Resource resolveSibling(String other) {
            return inert(resource.resolveSibling(other));
        }

        @Override
        public OutputStream openOutputStream(OpenOptions options) throws IOException {
            throw new IOException("SchemaHeal never writes a changelog resource: " + resource.getPath());
        }

        @Override
        public URI getUri() {
            return resource.getUri();
        }
    }
}
