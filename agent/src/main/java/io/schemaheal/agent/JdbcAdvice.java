package io.schemaheal.agent;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDBC drivers' own {@code prepare*} and {@code execute*} methods. On a normal exit it
 * costs one null check. When the method throws a {@code SQLException}, it hands it to the healing engine;
 * when the engine healed, the exception is suppressed and the method runs again (Byte Buddy repeats it
 * while this advice returns a {@link io.schemaheal.heal.HealAttempt}); otherwise the exception to
 * throw is the original one, unchanged but for suppressed notes.
 */
public final class JdbcAdvice {

    private JdbcAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = java.sql.SQLException.class, repeatOn = io.schemaheal.heal.HealAttempt.class)
    public static Object exit(@Advice.This Object self,
                              @Advice.Argument(value = 0, optional = true, typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) Object firstArgument,
                              @Advice.Thrown(readOnly = false) Throwable thrown,
                              @Advice.Exit Object previous) {
        if (thrown == null) {
            return null;
        }
        Object next = AgentHooks.onFailure(self, firstArgument, thrown, previous);
        if (next instanceof Throwable) {
            thrown = (Throwable) next;
            return null;
        }
        thrown = null;
        return next;
    }
}
