package io.schemaheal.config;

import java.util.regex.Pattern;

/** A glob on a JDBC URL: {@code *} matches any run of characters (slashes too), {@code ?} one character. */
public final class UrlGlob {

    private final String glob;
    private final Pattern pattern;

    public UrlGlob(String glob) {
        this.glob = glob;
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        this.pattern = Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    public boolean matches(String url) {
        return pattern.matcher(url).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
