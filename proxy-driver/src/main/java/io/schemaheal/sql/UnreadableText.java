package io.schemaheal.sql;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that cannot be read as SQL (a quote never closed, bytes that are not UTF-8): what it may name, read crudely and
 * on purpose too widely, since what it does to any of them is unknown.
 */
public final class UnreadableText {

    /** A word or quoted name, as a relation's name may be written. */
    private static final Pattern NAME = Pattern.compile("[\"`\\[]([^\"`\\]\\r\\n]{1,128})[\"`\\]]|([\\p{L}_][\\p{L}\\p{N}_$]*)");

    private UnreadableText() {
    }

    /** Every word and quoted name in {@code text}, in lower case. */
    public static Set<String> names(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            out.add((m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
