package io.schemaheal.agent;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's transformer for classes as they load: plain ASM (the copy inside Byte Buddy, some 40 classes)
 * instead of Byte Buddy's type descriptions and advice machinery (some 1,100 classes, most of the agent's
 * start-up time). Each driver method that heals ({@link #heals}, judged on the class file alone) keeps its
 * body under a private synthetic name, and a method with the original name and signature calls it in the
 * loop that {@link JdbcAdvice} and {@link PgJdbcAdvice} describe: on a {@code SQLException} it asks
 * {@link AgentHooks#onFailure} and either throws what that returns or runs the body again. Adding methods is possible only while a class is first loaded, so a class already loaded
 * (the agent attached to a running JVM) is Byte Buddy's ({@link ByteBuddyInstaller#retransform}).
 */
final class JdbcWeaver {

    private static final String HOOKS = "io/schemaheal/agent/AgentHooks";
    private static final String OBJECT = "java/lang/Object";
    static final String SQL_EXCEPTION = "java/sql/SQLException";
    private static final String RENAMED = "schemaheal$";
    /** {@link AgentHooks#onConnect(Object, Object, String, java.util.Properties, boolean)}. */
    private static final String ON_CONNECT = "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;Ljava/util/Properties;Z)V";
    private final boolean healOnConnect;

    JdbcWeaver(boolean healOnConnect) {
        this.healOnConnect = healOnConnect;
    }

    /**
     * A class as it loads, which {@link JdbcClassFilter} let through: woven, or null to leave it as it is (a
     * class redefined later cannot gain methods; one that cannot be read is left and reported once).
     */
    byte[] transform(String className, Class<?> classBeingRedefined, byte[] classfileBuffer) {
        if (classBeingRedefined != null) {
            return null;
        }
        try {
            return weave(classfileBuffer, className.startsWith("org/postgresql/"));
        } catch (Throwable t) {
            AgentHooks.logOnce("transform:" + className, "SchemaHeal agent left {} as it is: {}",
                    className.replace('/', '.'), t.toString());
            return null;
        }
    }

    /** The class with its healing methods woven, or null when it has none. */
    byte[] weave(byte[] bytes, boolean guarded) {
        ClassReader reader = new ClassReader(bytes);
        if ((reader.getAccess() & (Opcodes.ACC_INTERFACE | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_MODULE)) != 0) {
            return null;
        }
        boolean[] any = {false}; // a first, cheap pass: most classes that name SQLException have no such method
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                any[0] |= kind(access, name, descriptor, exceptions) != null;
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (!any[0]) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new Weaving(writer, reader.getClassName(), guarded), 0);
        return writer.toByteArray();
    }

    private enum Kind { EXECUTE, CONNECT, ENDS_TRANSACTION }

    /** Whether a method is one the agent weaves, and how; null when it is not. */
    private Kind kind(int access, String name, String descriptor, String[] exceptions) {
        if (connects(access, name, descriptor)) {
            return Kind.CONNECT;
        }
        if (endsTransaction(access, name, descriptor, exceptions)) {
            return Kind.ENDS_TRANSACTION;
        }
        return heals(access, name, descriptor, exceptions) ? Kind.EXECUTE : null;
    }

    /**
     * A connection's {@code commit()}, {@code rollback()}, {@code setAutoCommit(boolean)} and {@code setReadOnly(boolean)}:
     * after them, the heals that waited for the application's transaction to end, or for its connection to take writes
     * again (a pool or Spring puts read-only back after a read-only transaction), run ({@link AgentHooks#transactionEnded}).
     */
    static boolean endsTransaction(int access, String name, String descriptor, String[] exceptions) {
        return wovenAtAll(access) && exceptions != null && List.of(exceptions).contains(SQL_EXCEPTION)
                && ((name.equals("commit") || name.equals("rollback")) && descriptor.equals("()V")
                || (name.equals("setAutoCommit") || name.equals("setReadOnly")) && descriptor.equals("(Z)V"));
    }

    /** Only a driver's own public instance methods with code are woven. */
    private static boolean wovenAtAll(int access) {
        return (access & Opcodes.ACC_PUBLIC) != 0 && (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT
                | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0;
    }

    /**
     * A driver's {@code Driver.connect(String, Properties)}: where the agent learns how the application logs in (its
     * heal connections log in the same way) and schemaheal.heal-on-connect heals. Its own, not the
     * bridge: a driver that narrows the return type (MariaDB Connector/J returns its {@code org.mariadb.jdbc.Connection})
     * has the {@code java.sql.Connection} one only as a synthetic bridge, which is never woven.
     */
    static boolean connects(int access, String name, String descriptor) {
        return wovenAtAll(access) && name.equals("connect")
                && descriptor.startsWith("(Ljava/lang/String;Ljava/util/Properties;)L");
    }

    /**
     * The driver methods that heal: preparing a statement, and every execution whose failure leaves the
     * call repeatable. Batches are left out: drivers clear a batch when it fails, so it cannot run again.
     *
     * @param exceptions the internal names of the exceptions it declares
     */
    static boolean heals(int access, String name, String descriptor, String[] exceptions) {
        if (!wovenAtAll(access) || exceptions == null || !List.of(exceptions).contains(SQL_EXCEPTION)) {
            return false;
        }
        Type method = Type.getMethodType(descriptor);
        Type[] args = method.getArgumentTypes();
        String returns = method.getReturnType().getDescriptor();
        boolean firstIsSql = args.length > 0 && args[0].getDescriptor().equals("Ljava/lang/String;");
        return switch (name) {
            case "prepareStatement" -> firstIsSql && returns.equals("Ljava/sql/PreparedStatement;");
            case "prepareCall" -> firstIsSql && returns.equals("Ljava/sql/CallableStatement;");
            case "executeQuery" -> returns.equals("Ljava/sql/ResultSet;") && executeArguments(args);
            case "executeUpdate" -> returns.equals("I") && executeArguments(args);
            case "executeLargeUpdate" -> returns.equals("J") && executeArguments(args);
            case "execute" -> returns.equals("Z") && executeArguments(args);
            default -> false;
        };
    }

    /**
     * The parameters of JDBC's {@code execute*} methods: none (a prepared statement), the SQL, or the SQL and
     * how to return generated keys. A driver's internal methods of the same name (sqlite-jdbc's
     * {@code DB.execute(CoreStatement, Object[])}, run for every statement) are left as they are.
     */
    private static boolean executeArguments(Type[] args) {
        if (args.length == 0) {
            return true;
        }
        if (!args[0].getDescriptor().equals("Ljava/lang/String;") || args.length > 2) {
            return false;
        }
        return args.length == 1 || List.of("I", "[I", "[Ljava/lang/String;").contains(args[1].getDescriptor());
    }

    /**
     * A method to write at the class's end, calling its renamed {@code body}. A plain class, as the weaver has no lambda
     * or method reference: the first weave runs in a cold JVM, where the first lambda of a class costs the spinning of
     * its bootstrap's classes (some 15 ms of the agent's start-up here).
     */
    private record Wrapper(Kind kind, int access, String name, String descriptor, String signature, String[] exceptions,
                           String body) {
    }

    /** Renames each healing method's body and adds the method that calls it in the healing loop. */
    private final class Weaving extends ClassVisitor {
        private final String owner;
        private final boolean guarded;
        /** The methods that call the renamed bodies, written at the class's end (plain records, no lambdas: see {@link Wrapper}). */
        private final List<Wrapper> wrappers = new ArrayList<>();
        private boolean frames;
        private int renamed;

        Weaving(ClassVisitor next, String owner, boolean guarded) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.guarded = guarded;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            frames = (version & 0xFFFF) >= Opcodes.V1_6;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            Kind kind = kind(access, name, descriptor, exceptions);
            if (kind == null) {
                return super.visitMethod(access, name, descriptor, signature, exceptions);
            }
            String body = RENAMED + name + "$" + renamed++;
            int bodyAccess = (access & ~(Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_VARARGS))
                    | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC;
            int wrapperAccess = access & ~Opcodes.ACC_SYNCHRONIZED; // the body keeps the lock, once per run
            wrappers.add(new Wrapper(kind, wrapperAccess, name, descriptor, signature, exceptions, body));
            return super.visitMethod(bodyAccess, body, descriptor, signature, exceptions);
        }

        @Override
        public void visitEnd() {
            for (Wrapper w : wrappers) {
                MethodVisitor mv = super.visitMethod(w.access, w.name, w.descriptor, w.signature, w.exceptions);
                if (w.kind == Kind.CONNECT) {
                    connect(mv, w.body, w.descriptor);
                } else if (w.kind == Kind.ENDS_TRANSACTION) {
                    endTransaction(mv, w.body, w.name, w.descriptor);
                } else {
                    heal(mv, w.body, w.descriptor);
                }
            }
            super.visitEnd();
        }

        /** {@code this} and the arguments onto the stack, the body called; its result (if any) is left there. */
        private int callBody(MethodVisitor mv, String body, String descriptor) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            int slot = 1;
            for (Type arg : Type.getArgumentTypes(descriptor)) {
                mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
                slot += arg.getSize();
            }
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, body, descriptor, false);
            return slot;
        }

        /**
         * {@link ConnectAdvice}: the connection the driver returns goes to {@link AgentHooks#onConnect} first, with the
         * driver, the URL and the properties it was opened with.
         */
        private void connect(MethodVisitor mv, String body, String descriptor) {
            mv.visitCode();
            int locals = callBody(mv, body, descriptor);
            Label done = new Label();
            mv.visitInsn(Opcodes.DUP);
            mv.visitJumpInsn(Opcodes.IFNULL, done);
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitInsn(healOnConnect ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "onConnect", ON_CONNECT, false);
            mv.visitLabel(done);
            frame(mv, descriptor, 0, new Object[] {Type.getReturnType(descriptor).getInternalName()}); // the driver's own type
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitMaxs(locals + 5, locals);
            mv.visitEnd();
        }

        /**
         * {@code body(args); if (args is empty || arg0 == ends) AgentHooks.transactionEnded(this);}: a commit, a rollback,
         * a {@code setAutoCommit(true)} (which commits), a {@code setReadOnly(false)}; their opposites end nothing.
         */
        private void endTransaction(MethodVisitor mv, String body, String name, String descriptor) {
            mv.visitCode();
            int locals = callBody(mv, body, descriptor);
            Label done = new Label();
            if (Type.getArgumentTypes(descriptor).length == 1) {
                mv.visitVarInsn(Opcodes.ILOAD, 1);
                mv.visitJumpInsn(name.equals("setReadOnly") ? Opcodes.IFNE : Opcodes.IFEQ, done);
            }
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "transactionEnded", "(Ljava/lang/Object;)V", false);
            mv.visitLabel(done);
            frame(mv, descriptor, 0, new Object[0]);
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(locals + 1, locals);
            mv.visitEnd();
        }

        /**
         * <pre>
         * Object previous = null;
         * Object guard = AgentHooks.guard(this, arg0);              // pgjdbc only
         * while (true) {
         *     try { result = body(args); } catch (SQLException e) {
         *         Object next = AgentHooks.onFailure(this, arg0, e, previous[, guard]);
         *         if (next instanceof Throwable) throw (Throwable) next;
         *         previous = next; continue;
         *     }
         *     if (guard != null) AgentHooks.passed(this, guard, previous);   // pgjdbc only
         *     return result;
         * }
         * </pre>
         */
        private void heal(MethodVisitor mv, String body, String descriptor) {
            Type[] args = Type.getArgumentTypes(descriptor);
            Type result = Type.getReturnType(descriptor);
            int previous = 1;
            for (Type arg : args) {
                previous += arg.getSize();
            }
            int guard = previous + 1;
            int failure = guard + 1;
            int own = guarded ? 2 : 1; // the locals the loop keeps: previous, and the guard
            mv.visitCode();
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitVarInsn(Opcodes.ASTORE, previous);
            if (guarded) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                firstArgument(mv, args);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "guard", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
                mv.visitVarInsn(Opcodes.ASTORE, guard);
            }
            Label loop = new Label();
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            mv.visitTryCatchBlock(start, end, handler, SQL_EXCEPTION);
            mv.visitLabel(loop);
            frame(mv, descriptor, own, new Object[0]);
            mv.visitLabel(start);
            callBody(mv, body, descriptor);
            mv.visitLabel(end);
            if (guarded) {
                Label done = new Label();
                mv.visitVarInsn(Opcodes.ALOAD, guard);
                mv.visitJumpInsn(Opcodes.IFNULL, done);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, guard);
                mv.visitVarInsn(Opcodes.ALOAD, previous);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "passed", "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)V", false);
                mv.visitLabel(done);
                frame(mv, descriptor, own, result.getSort() == Type.VOID ? new Object[0] : new Object[] {frameType(result)});
            }
            mv.visitInsn(result.getOpcode(Opcodes.IRETURN));
            mv.visitLabel(handler);
            frame(mv, descriptor, own, new Object[] {SQL_EXCEPTION});
            mv.visitVarInsn(Opcodes.ASTORE, failure);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            firstArgument(mv, args);
            mv.visitVarInsn(Opcodes.ALOAD, failure);
            mv.visitVarInsn(Opcodes.ALOAD, previous);
            if (guarded) {
                mv.visitVarInsn(Opcodes.ALOAD, guard);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "onFailure", "(Ljava/lang/Object;Ljava/lang/Object;"
                        + "Ljava/lang/Throwable;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
            } else {
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "onFailure", "(Ljava/lang/Object;Ljava/lang/Object;"
                        + "Ljava/lang/Throwable;Ljava/lang/Object;)Ljava/lang/Object;", false);
            }
            mv.visitInsn(Opcodes.DUP);
            mv.visitTypeInsn(Opcodes.INSTANCEOF, "java/lang/Throwable");
            Label retry = new Label();
            mv.visitJumpInsn(Opcodes.IFEQ, retry);
            mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Throwable");
            mv.visitInsn(Opcodes.ATHROW);
            mv.visitLabel(retry);
            frame(mv, descriptor, own, new Object[] {OBJECT});
            mv.visitVarInsn(Opcodes.ASTORE, previous);
            mv.visitJumpInsn(Opcodes.GOTO, loop);
            mv.visitMaxs(Math.max(previous, 6) + 1, failure + 1);
            mv.visitEnd();
        }

        /** The first argument as an Object (the SQL), or null when the method takes none. */
        private void firstArgument(MethodVisitor mv, Type[] args) {
            if (args.length > 0 && args[0].getSort() >= Type.ARRAY) {
                mv.visitVarInsn(Opcodes.ALOAD, 1);
            } else {
                mv.visitInsn(Opcodes.ACONST_NULL);
            }
        }

        /** A full frame: this, the arguments, {@code own} Object locals of the loop, and {@code stack}. */
        private void frame(MethodVisitor mv, String descriptor, int own, Object[] stack) {
            if (!frames) {
                return;
            }
            List<Object> locals = new ArrayList<>();
            locals.add(owner);
            for (Type arg : Type.getArgumentTypes(descriptor)) {
                locals.add(frameType(arg));
            }
            for (int i = 0; i < own; i++) {
                locals.add(OBJECT);
            }
            mv.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.length, stack);
        }

        private Object frameType(Type t) {
            return switch (t.getSort()) {
                case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.LONG -> Opcodes.LONG;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                default -> t.getInternalName();
            };
        }
    }
}
