package io.schemaheal.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link AgentBenchmark} with the agent attached (run from the repository root, as benchmarks/run does). */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = {ChildJvm.AGENT,
        "-Dschemaheal.migrations=classpath:io/schemaheal/demo/agentos-sqlite"})
public class AgentOnBenchmark extends AgentBenchmark {
}
