import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the classes that delegate the JDBC interfaces to the driver's objects, so that only behaviour is written by
 * hand (HikariCP generates its proxies' delegation the same way). Run by the build before compiling:
 * {@code java GenerateJdbcDelegation.java <output folder>}.
 *
 * <p>Each {@code DelegatingX} implements every method of {@code java.sql.X} (the ones its superclass does not) by
 * calling the same method on its field, except the methods named as hand-written, which it leaves abstract so that the
 * compiler makes the {@code HealingX} subclass write them. Result sets are handed to {@code wrap}. A method that would
 * hand the application a raw connection, statement or metadata object must be hand-written: the build fails otherwise.
 */
public final class GenerateJdbcDelegation {

    private static final String PACKAGE = "io.schemaheal.jdbc";

    /** What one generated class delegates, to what, and what it leaves to hand-written code. */
    record Spec(Class<?> api, Class<?> parentApi, String superclass, String field, boolean finalField,
                String constructorParameters, String superArguments, Set<String> handWritten) {
        String name() {
            return "Delegating" + api.getSimpleName();
        }

        boolean handWritten(Method m) {
            return handWritten.stream().anyMatch(h -> names(h, m));
        }

        /** A name, or a prefix ending in {@code *}. */
        static boolean names(String handWritten, Method m) {
            return handWritten.endsWith("*")
                    ? m.getName().startsWith(handWritten.substring(0, handWritten.length() - 1))
                    : m.getName().equals(handWritten);
        }
    }

    private static final List<Spec> SPECS = List.of(
            new Spec(Connection.class, null, null, "delegate", true, "java.sql.Connection delegate", null,
                    Set.of("createStatement", "prepareStatement", "prepareCall", "getMetaData", "commit", "rollback", "setAutoCommit")),
            new Spec(Statement.class, null, null, "delegate", true, "java.sql.Statement delegate", null,
                    Set.of("execute*", "addBatch", "clearBatch", "getConnection")),
            new Spec(PreparedStatement.class, Statement.class, "HealingStatement", "statement", true,
                    "HealingConnection connection, java.sql.PreparedStatement statement", "connection, statement",
                    Set.of("execute*")),
            new Spec(CallableStatement.class, PreparedStatement.class, "HealingPreparedStatement", "call", true,
                    "HealingConnection connection, java.sql.CallableStatement call, String sql", "connection, call, sql",
                    Set.of()),
            // not final: one wrapper takes over the next result of its statement (HealingResultSet.takeOver)
            new Spec(ResultSet.class, null, null, "delegate", false, "java.sql.ResultSet delegate", null,
                    Set.of("close", "getStatement")),
            new Spec(DatabaseMetaData.class, null, null, "delegate", true, "java.sql.DatabaseMetaData delegate", null,
                    Set.of("getConnection")));

    /** Objects the application must only ever see wrapped. */
    private static final List<Class<?>> WRAPPED = List.of(Connection.class, Statement.class, DatabaseMetaData.class);

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java GenerateJdbcDelegation.java <output folder>");
        }
        Path dir = Path.of(args[0], PACKAGE.split("\\."));
        Files.createDirectories(dir);
        for (Spec spec : SPECS) {
            Files.writeString(dir.resolve(spec.name() + ".java"), source(spec));
        }
    }

    static String source(Spec spec) {
        List<Method> methods = methodsOf(spec);
        Set<String> unused = spec.handWritten().stream()
                .filter(h -> methods.stream().noneMatch(m -> Spec.names(h, m)))
                .collect(Collectors.toSet());
        if (!unused.isEmpty()) {
            throw new IllegalStateException(spec.name() + ": no method of " + spec.api().getName() + " is called " + unused);
        }
        StringBuilder out = new StringBuilder();
        out.append("package ").append(PACKAGE).append(";\n\n");
        out.append("/**\n * Calls the same method of the driver's {@code ").append(spec.api().getName())
                .append("} for every method that\n * SchemaHeal does not change. Generated by proxy-driver/src/build/java/")
                .append("GenerateJdbcDelegation.java: do not edit.\n */\n");
        out.append("@SuppressWarnings(\"deprecation\")\n");
        out.append("public abstract class ").append(spec.name());
        if (spec.superclass() != null) {
            out.append(" extends ").append(spec.superclass());
        }
        out.append(" implements ").append(spec.api().getName()).append(" {\n\n");
        out.append("    ").append(spec.finalField() ? "final " : "").append(spec.api().getName()).append(' ')
                .append(spec.field()).append(";\n\n");
        out.append("    ").append(spec.name()).append('(').append(spec.constructorParameters()).append(") {\n");
        if (spec.superArguments() != null) {
            out.append("        super(").append(spec.superArguments()).append(");\n");
        }
        out.append("        this.").append(spec.field()).append(" = ").append(spec.field()).append(";\n    }\n");
        boolean wraps = false;
        for (Method m : methods) {
            if (spec.handWritten(m)) {
                continue;
            }
            if (WRAPPED.stream().anyMatch(w -> w.isAssignableFrom(m.getReturnType()))) {
                throw new IllegalStateException(spec.name() + ": " + m + " returns an object the application must only "
                        + "see wrapped; name it as hand-written");
            }
            boolean wrap = m.getReturnType() == ResultSet.class;
            wraps |= wrap;
            out.append('\n').append(method(spec, m, wrap));
        }
        if (wraps) {
            out.append("\n    /** The application's view of a result set the driver returned. */\n");
            out.append("    abstract java.sql.ResultSet wrap(java.sql.ResultSet rs);\n");
        }
        return out.append("}\n").toString();
    }

    private static String method(Spec spec, Method m, boolean wrap) {
        String signature = signature(m);
        if (m.getName().equals("unwrap")) {
            return "    @Override\n    public " + signature + " {\n"
                    + "        if (a0.isInstance(" + spec.field() + ")) {\n            return a0.cast(" + spec.field() + ");\n        }\n"
                    + "        if (a0.isInstance(this)) {\n            return a0.cast(this);\n        }\n"
                    + "        return " + spec.field() + ".unwrap(a0);\n    }\n";
        }
        if (m.getName().equals("isWrapperFor")) {
            return "    @Override\n    public " + signature + " {\n"
                    + "        return a0.isInstance(" + spec.field() + ") || a0.isInstance(this) || " + spec.field()
                    + ".isWrapperFor(a0);\n    }\n";
        }
        String arguments = argumentNames(m.getParameterCount());
        String call = spec.field() + "." + m.getName() + "(" + arguments + ")";
        String body = m.getReturnType() == void.class ? call : "return " + (wrap ? "wrap(" + call + ")" : call);
        return "    @Override\n    public " + signature + " {\n        " + body + ";\n    }\n";
    }

    private static String signature(Method m) {
        StringBuilder s = new StringBuilder();
        TypeVariable<Method>[] typeParameters = m.getTypeParameters();
        if (typeParameters.length > 0) {
            s.append(Arrays.stream(typeParameters).map(GenerateJdbcDelegation::typeParameter)
                    .collect(Collectors.joining(", ", "<", "> ")));
        }
        s.append(m.getGenericReturnType().getTypeName()).append(' ').append(m.getName()).append('(');
        Type[] parameters = m.getGenericParameterTypes();
        for (int k = 0; k < parameters.length; k++) {
            s.append(k == 0 ? "" : ", ").append(parameters[k].getTypeName()).append(" a").append(k);
        }
        s.append(')');
        if (m.getExceptionTypes().length > 0) {
            s.append(Arrays.stream(m.getExceptionTypes()).map(Class::getName).collect(Collectors.joining(", ", " throws ", "")));
        }
        return s.toString();
    }

    private static String typeParameter(TypeVariable<Method> t) {
        List<String> bounds = Arrays.stream(t.getBounds()).filter(b -> b != Object.class).map(Type::getTypeName).toList();
        return bounds.isEmpty() ? t.getName() : t.getName() + " extends " + String.join(" & ", bounds);
    }

    private static String argumentNames(int count) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < count; k++) {
            s.append(k == 0 ? "" : ", ").append('a').append(k);
        }
        return s.toString();
    }

    /**
     * The instance methods of the interface that its superclass does not already implement, one per signature (the
     * most specific declaration, so that {@code close() throws SQLException} wins over {@code AutoCloseable}'s), in a
     * stable order.
     */
    private static List<Method> methodsOf(Spec spec) {
        Map<String, Method> bySignature = new LinkedHashMap<>();
        for (Method m : spec.api().getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String key = m.getName() + Arrays.toString(m.getParameterTypes());
            if (spec.parentApi() != null && declares(spec.parentApi(), m)) {
                continue;
            }
            bySignature.merge(key, m, (a, b) -> a.getDeclaringClass().isAssignableFrom(b.getDeclaringClass()) ? b : a);
        }
        List<Method> methods = new ArrayList<>(bySignature.values());
        methods.sort(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        return methods;
    }

    private static boolean declares(Class<?> api, Method m) {
        try {
            api.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
