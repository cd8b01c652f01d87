package io.schemaheal.manifest;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration version compared part by part as numbers: {@code 9 < 10}, {@code 0.8.0 < 0.10.0},
 * {@code 08 == 8}. Missing trailing parts count as zero, so {@code 1 == 1.0}. A Flyway repeatable migration's
 * "version" comes after every numbered one, repeatables in the order of their descriptions (as Flyway runs them).
 */
public final class Version implements Comparable<Version> {

    private final List<BigInteger> parts;
    private final String text;
    /** A repeatable migration's description, or null for a numbered version. */
    private final String repeatable;

    private Version(List<BigInteger> parts, String text, String repeatable) {
        this.parts = parts;
        this.text = text;
        this.repeatable = repeatable;
    }

    /** The place of Flyway's {@code R__description.sql}: after every numbered version, by description. */
    public static Version repeatable(String description) {
        return new Version(List.of(), "R", description);
    }

    /** True for a repeatable migration's place. */
    public boolean isRepeatable() {
        return repeatable != null;
    }

    /** Parses dot- or underscore-separated digits; throws IllegalArgumentException otherwise. */
    public static Version parse(String text) {
        String[] pieces = text.split("[._]");
        List<BigInteger> parts = new ArrayList<>(pieces.length);
        for (String p : pieces) {
            if (p.isEmpty() || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not a version: " + text);
            }
            parts.add(new BigInteger(p));
        }
        return new Version(List.copyOf(parts), text, null);
    }

    /** The numeric parts, e.g. [0, 8, 0]. */
    public List<BigInteger> parts() {
        return parts;
    }

    @Override
    public int compareTo(Version o) {
        if (repeatable != null || o.repeatable != null) {
            return repeatable == null ? -1 : o.repeatable == null ? 1 : repeatable.compareTo(o.repeatable);
        }
        int n = Math.max(parts.size(), o.parts.size());
        for (int k = 0; k < n; k++) {
            BigInteger a = k < parts.size() ? parts.get(k) : BigInteger.ZERO;
            BigInteger b = k < o.parts.size() ? o.parts.get(k) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        if (repeatable != null) {
            return repeatable.hashCode();
        }
        int h = 1;
        int last = parts.size() - 1;
        while (last >= 0 && parts.get(last).signum() == 0) {
            last--;
        }
        for (int k = 0; k <= last; k++) {
            h = 31 * h + parts.get(k).hashCode();
        }
        return h;
    }

    /** The version as the file name writes it. */
    @Override
    public String toString() {
        return text;
    }
}
