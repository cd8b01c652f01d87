package io.schemaheal.config;

import java.util.List;
import java.util.Locale;

/**
 * {@code {vendor}} in a migrations location, as Spring Boot's Flyway reads it ({@code classpath:db/migration/{vendor}}):
 * the name of the database the connection goes to, as Boot names it: {@code postgresql}, {@code mariadb},
 * {@code mysql}, {@code sqlite} (the JDBC URL's sub-protocol, after the proxy driver's {@code heal:}).
 */
public final class VendorLocations {

    static final String VENDOR = "{vendor}";
    /** The vendors SchemaHeal heals, as Boot names them. */
    public static final List<String> VENDORS = List.of("postgresql", "mariadb", "mysql", "sqlite");

    private VendorLocations() {
    }

    /** True when {@code location} names Boot's {@code {vendor}}: which folder it is depends on the connection. */
    public static boolean namesVendor(String location) {
        return location.contains(VENDOR);
    }

    /** {@code locations} with {@code {vendor}} replaced for the database of {@code jdbcUrl} (the driver's URL). */
    public static String resolve(String locations, String jdbcUrl) {
        if (locations == null || !namesVendor(locations)) {
            return locations;
        }
        String rest = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : jdbcUrl;
        rest = rest.startsWith("heal:") ? rest.substring("heal:".length()) : rest; // the proxy driver's URL
        int colon = rest.indexOf(':');
        String vendor = (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
        return locations.replace(VENDOR, vendor);
    }

    /** The locations {@code locations} may stand for: itself, or one per vendor where it holds {@code {vendor}}. */
    public static List<String> candidates(String locations) {
        return namesVendor(locations) ? VENDORS.stream().map(v -> locations.replace(VENDOR, v)).toList()
                : List.of(locations);
    }
}
