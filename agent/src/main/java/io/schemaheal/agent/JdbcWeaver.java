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
 * The agent's transformer, for classes as they load and for classes already loaded when the agent is attached to a running
 * JVM (retransformed): plain ASM (the copy inside Byte Buddy, some 40 classes), without Byte Buddy's type descriptions
 * and advice machinery (some 1,100 classes, most of an agent's start-up time). Each driver method that heals
 * ({@link #heals}, judged on the class file alone) is woven in place, its body inside the one healing loop this class
 * writes ({@link InPlace}): on a {@code SQLException} it asks {@link AgentHooks#onFailure} and either throws what that
 * returns or runs the body again, with the arguments it was called with. A driver's {@code connect} hands the connection
 * it returns to {@link AgentHooks#onConnect}, and a connection's commit, rollback, {@code setAutoCommit} and
 * {@code setReadOnly} call {@link AgentHooks#transactionEnded} before they return. Nothing is added to the class but
 * code in the methods it has (a retransformed class may change no more), so both moments weave the same way.
 */
final class JdbcWeaver {

    private static final String HOOKS = "io/schemaheal/agent/AgentHooks";
    private static final String OBJECT = "java/lang/Object";
    static final String SQL_EXCEPTION = "java/sql/SQLException";
    /** {@link AgentHooks#onConnect(Object, Object, String, java.util.Properties, boolean)}. */
    private static final String ON_CONNECT = "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;Ljava/util/Properties;Z)V";
    private final boolean healOnConnect;

    JdbcWeaver(boolean healOnConnect) {
        this.healOnConnect = healOnConnect;
    }

    /**
     * A class as it loads, or as it is retransformed, which {@link JdbcClassFilter} let through: woven, or null to leave
     * it as it is (one that cannot be read is left and reported once).
     */
    byte[] transform(String className, byte[] classfileBuffer) {
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
        // a first pass: which methods are woven, and how many locals each uses (the loop's own go after them); the code
        // of the others is not read, and most classes that name SQLException have no such method
        java.util.Map<String, Integer> maxLocals = new java.util.HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (kind(access, name, descriptor, exceptions) == null) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMaxs(int maxStack, int locals) {
                        maxLocals.put(name + descriptor, locals);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (maxLocals.isEmpty()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new Weaving(writer, reader.getClassName(), guarded, maxLocals), ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    enum Kind { EXECUTE, CONNECT, ENDS_TRANSACTION }

    /** Whether a method is one the agent weaves, and how; null when it is not. */
    private static Kind kind(int access, String name, String descriptor, String[] exceptions) {
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

    /** Whether a loaded class's method is one the agent weaves (which classes to retransform, attached to a running JVM). */
    static boolean weaves(java.lang.reflect.Method m) {
        return kindOf(m) != null;
    }

    /** How a loaded class's method is woven, or null when it is not. */
    static Kind kindOf(java.lang.reflect.Method m) {
        int access = m.getModifiers() | (m.isBridge() ? Opcodes.ACC_BRIDGE : 0) | (m.isSynthetic() ? Opcodes.ACC_SYNTHETIC : 0);
        Class<?>[] thrown = m.getExceptionTypes();
        String[] exceptions = new String[thrown.length];
        for (int i = 0; i < thrown.length; i++) {
            exceptions[i] = Type.getInternalName(thrown[i]);
        }
        return kind(access, m.getName(), Type.getMethodDescriptor(m), exceptions);
    }

    /** Weaves each healing method in place. */
    private final class Weaving extends ClassVisitor {
        private final String owner;
        private final boolean guarded;
        private final java.util.Map<String, Integer> maxLocals;
        private boolean frames;

        Weaving(ClassVisitor next, String owner, boolean guarded, java.util.Map<String, Integer> maxLocals) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.guarded = guarded;
            this.maxLocals = maxLocals;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            frames = (version & 0xFFFF) >= Opcodes.V1_6;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            Kind kind = kind(access, name, descriptor, exceptions);
            Integer locals = maxLocals.get(name + descriptor);
            return kind == null || locals == null ? mv
                    : new InPlace(mv, kind, owner, name, descriptor, locals, frames, guarded && kind == Kind.EXECUTE, healOnConnect);
        }
    }

    /**
     * One method woven in place. Its own locals come after the method's ({@code base} on): {@code this} and the arguments
     * as they were called (restored before each run again, as the body may have changed them), the previous attempt and
     * the pgjdbc guard. Every stack-map frame of the body is given them, so that they are the same at every point. For
     * {@link Kind#EXECUTE}:
     * <pre>
     * self = this; args' = args; previous = null; guard = AgentHooks.guard(this, arg0);        // the guard: pgjdbc only
     * loop: try { body, where each return first calls AgentHooks.passed(self, guard, previous) (pgjdbc only) }
     * catch (SQLException e) {                                       // after the body's own handlers: they come first
     *     Object next = AgentHooks.onFailure(self, arg0', e, previous[, guard]);
     *     if (next instanceof Throwable) throw (Throwable) next;
     *     previous = next; this = self; args = args'; goto loop;
     * }
     * </pre>
     * A connect hands the connection each return returns to {@link AgentHooks#onConnect}; a commit, rollback,
     * setAutoCommit or setReadOnly calls {@link AgentHooks#transactionEnded} (through {@link AgentHooks#transactionEndedIf})
     * before each return.
     */
    private static final class InPlace extends MethodVisitor {
        private final Kind kind;
        private final String owner;
        private final String name;
        private final Type[] args;
        private final int base;
        private final boolean frames;
        private final boolean guarded;
        private final boolean healOnConnect;
        /** The locals of the loop: this, the previous attempt, the guard, then each argument's copy. */
        private final int self;
        private final int previous;
        private final int guard;
        private final int[] copies;
        private final int locals;
        private final Label loop = new Label();
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();
        private boolean begun;

        InPlace(MethodVisitor next, Kind kind, String owner, String name, String descriptor, int base, boolean frames,
                boolean guarded, boolean healOnConnect) {
            super(Opcodes.ASM9, next);
            this.kind = kind;
            this.owner = owner;
            this.name = name;
            this.args = Type.getArgumentTypes(descriptor);
            this.base = base;
            this.frames = frames;
            this.guarded = guarded;
            this.healOnConnect = healOnConnect;
            this.self = base;
            this.previous = base + 1;
            this.guard = base + 2;
            this.copies = new int[args.length];
            int slot = base + 3;
            for (int i = 0; i < args.length; i++) {
                copies[i] = slot;
                slot += args[i].getSize();
            }
            this.locals = slot;
        }

        /**
         * Before the body's first instruction, after its exception table: the loop's handler is registered last, so the
         * body's own handlers come first; then the copies, and the loop's head.
         */
        private void begin() {
            if (begun) {
                return;
            }
            begun = true;
            if (kind == Kind.EXECUTE) {
                super.visitTryCatchBlock(start, end, handler, SQL_EXCEPTION);
            }
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitVarInsn(Opcodes.ASTORE, self);
            int slot = 1;
            for (int i = 0; i < args.length; i++) {
                super.visitVarInsn(args[i].getOpcode(Opcodes.ILOAD), slot);
                super.visitVarInsn(args[i].getOpcode(Opcodes.ISTORE), copies[i]);
                slot += args[i].getSize();
            }
            super.visitInsn(Opcodes.ACONST_NULL);
            super.visitVarInsn(Opcodes.ASTORE, previous);
            if (guarded) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                firstArgument(1);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "guard", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
            } else {
                super.visitInsn(Opcodes.ACONST_NULL);
            }
            super.visitVarInsn(Opcodes.ASTORE, guard);
            if (kind == Kind.EXECUTE) {
                super.visitLabel(loop);
                frame(true, new Object[0]);
                super.visitInsn(Opcodes.NOP); // the body's own first frame, if any, is at the next instruction
                super.visitLabel(start);
            }
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            begin();
            if (type != Opcodes.F_NEW) {
                super.visitFrame(type, numLocal, local, numStack, stack); // a class without frames to widen (none above 1.6)
                return;
            }
            // the body's locals, then TOP up to the loop's, then the loop's own
            List<Object> all = new ArrayList<>();
            int slots = 0;
            for (int i = 0; i < numLocal; i++) {
                all.add(local[i]);
                slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
            }
            for (; slots < base; slots++) {
                all.add(Opcodes.TOP);
            }
            ownLocals(all);
            super.visitFrame(Opcodes.F_NEW, all.size(), all.toArray(), numStack, stack);
        }

        @Override
        public void visitInsn(int opcode) {
            begin();
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                beforeReturn(opcode);
            }
            super.visitInsn(opcode);
        }

        private void beforeReturn(int opcode) {
            if (kind == Kind.EXECUTE && guarded) {
                super.visitVarInsn(Opcodes.ALOAD, self);
                super.visitVarInsn(Opcodes.ALOAD, guard);
                super.visitVarInsn(Opcodes.ALOAD, previous);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "passed", "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)V", false);
            } else if (kind == Kind.CONNECT && opcode == Opcodes.ARETURN) {
                super.visitInsn(Opcodes.DUP);
                super.visitVarInsn(Opcodes.ALOAD, self);
                super.visitVarInsn(Opcodes.ALOAD, copies[0]);
                super.visitVarInsn(Opcodes.ALOAD, copies[1]);
                super.visitInsn(healOnConnect ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "onConnect", ON_CONNECT, false);
            } else if (kind == Kind.ENDS_TRANSACTION && opcode == Opcodes.RETURN) {
                // commit and rollback end a transaction; setAutoCommit(true) commits it; setReadOnly(false) takes writes
                super.visitVarInsn(Opcodes.ALOAD, self);
                if (args.length == 1) {
                    super.visitVarInsn(Opcodes.ILOAD, copies[0]);
                    super.visitInsn(name.equals("setReadOnly") ? Opcodes.ICONST_0 : Opcodes.ICONST_1);
                } else {
                    super.visitInsn(Opcodes.ICONST_1);
                    super.visitInsn(Opcodes.ICONST_1);
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "transactionEndedIf", "(Ljava/lang/Object;ZZ)V", false);
            }
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            begin();
            super.visitVarInsn(opcode, varIndex);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            begin();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            begin();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String fieldName, String descriptor) {
            begin();
            super.visitFieldInsn(opcode, fieldOwner, fieldName, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String methodOwner, String methodName, String descriptor, boolean isInterface) {
            begin();
            super.visitMethodInsn(opcode, methodOwner, methodName, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String indyName, String descriptor, net.bytebuddy.jar.asm.Handle bootstrap,
                                           Object... bootstrapArguments) {
            begin();
            super.visitInvokeDynamicInsn(indyName, descriptor, bootstrap, bootstrapArguments);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            begin();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLabel(Label label) {
            begin();
            super.visitLabel(label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            begin();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            begin();
            super.visitIincInsn(varIndex, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            begin();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            begin();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            begin();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }

        @Override
        public void visitLineNumber(int line, Label startLabel) {
            begin();
            super.visitLineNumber(line, startLabel);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            begin();
            if (kind == Kind.EXECUTE) {
                super.visitLabel(end);
                retry();
            }
            super.visitMaxs(maxStack + 6, Math.max(maxLocals, locals));
        }

        /** The handler: ask the engine, then throw what it says, or run the body again as it was first called. */
        private void retry() {
            super.visitLabel(handler);
            frame(false, new Object[] {SQL_EXCEPTION});
            super.visitVarInsn(Opcodes.ALOAD, self);
            super.visitInsn(Opcodes.SWAP);
            firstArgument(args.length > 0 ? copies[0] : 0);
            super.visitInsn(Opcodes.SWAP);
            super.visitVarInsn(Opcodes.ALOAD, previous);
            if (guarded) {
                super.visitVarInsn(Opcodes.ALOAD, guard);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "onFailure", "(Ljava/lang/Object;Ljava/lang/Object;"
                        + "Ljava/lang/Throwable;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
            } else {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "onFailure", "(Ljava/lang/Object;Ljava/lang/Object;"
                        + "Ljava/lang/Throwable;Ljava/lang/Object;)Ljava/lang/Object;", false);
            }
            super.visitInsn(Opcodes.DUP);
            super.visitTypeInsn(Opcodes.INSTANCEOF, "java/lang/Throwable");
            Label again = new Label();
            super.visitJumpInsn(Opcodes.IFEQ, again);
            super.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Throwable");
            super.visitInsn(Opcodes.ATHROW);
            super.visitLabel(again);
            frame(false, new Object[] {OBJECT});
            super.visitVarInsn(Opcodes.ASTORE, previous);
            super.visitVarInsn(Opcodes.ALOAD, self);
            super.visitVarInsn(Opcodes.ASTORE, 0);
            int slot = 1;
            for (int i = 0; i < args.length; i++) {
                super.visitVarInsn(args[i].getOpcode(Opcodes.ILOAD), copies[i]);
                super.visitVarInsn(args[i].getOpcode(Opcodes.ISTORE), slot);
                slot += args[i].getSize();
            }
            super.visitJumpInsn(Opcodes.GOTO, loop);
        }

        /** The first argument as an Object (the SQL), from {@code slot} (its own, or its copy), or null when it is none. */
        private void firstArgument(int slot) {
            if (args.length > 0 && args[0].getSort() >= Type.ARRAY) {
                super.visitVarInsn(Opcodes.ALOAD, slot);
            } else {
                super.visitInsn(Opcodes.ACONST_NULL);
            }
        }

        /**
         * A full frame of the loop's own: with {@code called} this and the arguments as the method was called (the loop's
         * head), else nothing of the body's (the handler, which any point of the body may reach); then TOP up to the
         * loop's locals, and those; and {@code stack}.
         */
        private void frame(boolean called, Object[] stack) {
            if (!frames) {
                return;
            }
            List<Object> all = new ArrayList<>();
            int slots = 0;
            if (called) {
                all.add(owner);
                slots++;
                for (Type arg : args) {
                    all.add(frameType(arg));
                    slots += arg.getSize();
                }
            }
            for (; slots < base; slots++) {
                all.add(Opcodes.TOP);
            }
            ownLocals(all);
            super.visitFrame(Opcodes.F_NEW, all.size(), all.toArray(), stack.length, stack);
        }

        /** The loop's locals, as a frame lists them. */
        private void ownLocals(List<Object> all) {
            all.add(owner);
            all.add(OBJECT);
            all.add(OBJECT);
            for (Type arg : args) {
                all.add(frameType(arg));
            }
        }

        private static Object frameType(Type t) {
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
