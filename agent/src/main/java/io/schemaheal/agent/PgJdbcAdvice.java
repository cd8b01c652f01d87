package io.schemaheal.agent;

import net.bytebuddy.asm.Advice;

/**
 * {@link JdbcAdvice} for pgjdbc, where an error aborts the transaction: inside a transaction, a statement
 * whose SQL has not yet run without failing on that database runs under a guard savepoint (as under the
 * proxy driver), so that after a heal it can run again in the same transaction. Outside a transaction,
 * and for SQL known to work, the entry costs a check of the connection's auto-commit and one lookup.
 */
public final class PgJdbcAdvice {

    private PgJdbcAdvice() {
    }

    @Advice.OnMethodEnter
    public static Object enter(@Advice.This Object self,
                               @Advice.Argument(value = 0, optional = true, typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) Object firstArgument) {
        return AgentHooks.guard(self, firstArgument);
    }

    @Advice.OnMethodExit(onThrowable = java.sql.SQLException.class, repeatOn = io.schemaheal.heal.HealAttempt.class)
    public static Object exit(@Advice.This Object self,
                              @Advice.Argument(value = 0, optional = true, typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) Object firstArgument,
                              @Advice.Thrown(readOnly = false) Throwable thrown,
                              @Advice.Enter Object guard,
                              @Advice.Exit Object previous) {
        if (thrown == null) {
            if (guard != null) {
                AgentHooks.passed(self, guard, previous);
            }
            return null;
        }
        Object next = AgentHooks.onFailure(self, firstArgument, thrown, previous, guard);
        if (next instanceof Throwable) {
            thrown = (Throwable) next;
            return null;
        }
        thrown = null;
        return next;
    }
}
