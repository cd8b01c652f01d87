package io.schemaheal.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link AgentPostgresBenchmark} without the agent: the raw driver. */
@State(Scope.Benchmark)
public class AgentPostgresOffBenchmark extends AgentPostgresBenchmark {
}
