package io.schemaheal.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link AgentBenchmark} without the agent: the baseline. */
@State(Scope.Benchmark)
public class AgentOffBenchmark extends AgentBenchmark {
}
