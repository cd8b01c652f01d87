#!/usr/bin/env python3
"""The agent's start-up as whole processes, timed in interleaved pairs.

Runs StartupMain (one SQLite connection, one query) with and without -javaagent, A B A B ..., after a few
warm-up pairs, and prints the median wall time and peak memory of each and the median of the pairs' ratios.
Interleaving keeps a drift of the machine's speed out of the comparison, which JMH's StartupBenchmark (the
variants one after the other) does not.

    python3 benchmarks/startup_pairs.py [PAIRS] [WARMUPS]     (defaults 30 and 3; build first: mvn -DskipTests package)
"""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "benchmarks", "target", "benchmarks.jar")
AGENT = os.path.join(ROOT, "agent", "target", "schemaheal-agent.jar")
PLAIN = ["java", "-cp", BENCH, "io.schemaheal.bench.StartupMain"]
WITH_AGENT = ["java", "-javaagent:" + AGENT, "-Dschemaheal.migrations=classpath:io/schemaheal/demo/agentos-sqlite",
              "-cp", BENCH, "io.schemaheal.bench.StartupMain"]


def run(command):
    """Wall seconds and peak resident MiB of one process (its own, from the kernel's accounting)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit("startup_pairs: %s exited with %d" % (" ".join(command), child.returncode))
    return wall, usage.ru_maxrss / 1024.0


def main():
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    warmups = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for jar in (BENCH, AGENT):
        if not os.path.isfile(jar):
            sys.exit("startup_pairs: %s is not built: run mvn -B -DskipTests package first" % jar)
    for _ in range(warmups):
        run(WITH_AGENT)
        run(PLAIN)
    agent, plain = [], []
    for _ in range(pairs):
        agent.append(run(WITH_AGENT))
        plain.append(run(PLAIN))
    a_wall = statistics.median(w for w, _ in agent)
    p_wall = statistics.median(w for w, _ in plain)
    a_mem = statistics.median(m for _, m in agent)
    p_mem = statistics.median(m for _, m in plain)
    ratio = statistics.median(a[0] / p[0] for a, p in zip(agent, plain))
    print("%d interleaved pairs after %d warm-up pairs (medians)" % (pairs, warmups))
    print("with the agent   %.3f s  %.1f MiB" % (a_wall, a_mem))
    print("without it       %.3f s  %.1f MiB" % (p_wall, p_mem))
    print("difference       %+.0f ms  %+.1f MiB   ratio of the pairs %.2f" % ((a_wall - p_wall) * 1000, a_mem - p_mem, ratio))


if __name__ == "__main__":
    main()
