#!/usr/bin/env python3
"""Prints JMH JSON result files as one Markdown table: score, its ratio to the raw driver, B/op.

"× raw, fastest" compares each variant's fastest iteration with the raw driver's: this host has slow
spells, during which every variant runs up to 1.7 times slower, and a slow spell that falls on one
variant's iterations moves the mean ratio; the fastest iterations are the ones no spell touched.

Each file is one round. A benchmark measured in several rounds (benchmarks/run measures the SQLite hot
path three times) shows the round with the median score, and as its ratio the median of the ratios
each round measured against the raw driver of the same round: the variants of one round ran minutes
apart at most, so the ratio is not moved by the machine's slower and faster minutes.
"""
import json
import statistics
import sys
from dataclasses import dataclass
from typing import Optional

BASELINE = {"raw", "without-agent"}


@dataclass
class Result:
    """One benchmark variant as one file measured it, with its ratios to that file's raw driver."""
    name: str
    variant: str
    score: float
    error: Optional[object]  # JMH writes the string "NaN" when it cannot tell
    unit: str
    alloc: Optional[float]
    fastest: Optional[float]
    ratio: Optional[float] = None
    fastest_ratio: Optional[float] = None


def results_of(path):
    """Every result of one file, its ratios taken against the raw driver of the same file."""
    results = []
    for r in json.load(open(path)):
        cls, method = r["benchmark"].split(".")[-2:]
        params = r.get("params", {})
        variant = params.get("variant", "")
        # any other parameter (PostgresHealBenchmark's set) names a benchmark of its own, with a raw driver of its own
        others = ", ".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "variant")
        if cls == "AgentOffBenchmark":
            cls, variant = "AgentBenchmark", "raw"
        elif cls == "AgentOnBenchmark":
            cls, variant = "AgentBenchmark", "raw + agent"
        pm = r["primaryMetric"]
        results.append(Result(
            name=cls.replace("Benchmark", "") + "." + method + (f" ({others})" if others else ""), variant=variant,
            score=pm["score"],
            error=pm.get("scoreError"), unit=pm["scoreUnit"],
            alloc=r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score"),
            fastest=min((x for fork in pm.get("rawData", []) for x in fork), default=None)))
    baseline = {r.name: r for r in results if r.variant in BASELINE}
    for r in results:
        base = baseline.get(r.name)
        if base and r.variant:
            r.ratio = r.score / base.score
            if r.fastest and base.fastest:
                r.fastest_ratio = r.fastest / base.fastest
    return results


def main(paths):
    rounds = {}
    for path in paths:
        for r in results_of(path):
            rounds.setdefault((r.name, r.variant), []).append(r)
    several = any(len(measured) > 1 for measured in rounds.values())
    print("| benchmark | variant | score | ± error | unit | × raw | × raw, fastest | B/op |" + (" rounds |" if several else ""))
    print("|---|---|---:|---:|---|---:|---:|---:|" + ("---:|" if several else ""))
    for measured in rounds.values():
        shown = sorted(measured, key=lambda r: r.score)[(len(measured) - 1) // 2]
        ratio = median_of([r.ratio for r in measured])
        fastest = median_of([r.fastest_ratio for r in measured])
        error = float(shown.error) if shown.error is not None else float("nan")
        err = "" if error != error else f"{error:.3g}"
        b = "" if shown.alloc is None else f"{shown.alloc:.0f}"
        line = f"| {shown.name} | {shown.variant} | {shown.score:.4g} | {err} | {shown.unit} | {ratio} | {fastest} | {b} |"
        print(line + (f" {len(measured)} |" if several else ""))
    print_wrapper_cost(rounds)


def median_of(values):
    values = [v for v in values if v is not None]
    return f"{statistics.median(values):.3f}" if values else ""


def print_wrapper_cost(rounds):
    """SchemaHeal's own cost per call, as the stub driver isolates it, against the time of the real call.

    The stub does nothing, so its difference between SchemaHeal and raw is the wrapper's work alone (a few
    nanoseconds, measured to a tenth of one); the same code runs in front of sqlite-jdbc. This bound does not
    move with the machine's noise the way the direct ratio of two microsecond-scale timings does.
    """
    def median_score(name, variant):
        measured = rounds.get((name, variant))
        return statistics.median(r.score for r in measured) if measured else None

    lines = []
    for method in ("preparedSelect", "statementRoundTrip"):
        stub_raw, stub_heal = median_score("StubDriver." + method, "raw"), median_score("StubDriver." + method, "schemaheal")
        sqlite_raw = median_score("SqliteHotPath." + method, "raw")
        if None in (stub_raw, stub_heal, sqlite_raw):
            continue
        extra = stub_heal - stub_raw
        lines.append(f"- {method}: SchemaHeal adds {extra:.2f} ns (stub driver) to a {sqlite_raw:.0f} ns SQLite call: "
                     f"{(sqlite_raw + extra) / sqlite_raw:.4f} × raw")
    if lines:
        print()
        print("Wrapper cost isolated by the stub driver:")
        print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
