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

BASELINE = {"raw", "without-agent"}


def rows_of(path):
    """(name, variant, score, error, unit, B/op, ratio) for every result of one file."""
    rows = []
    for r in json.load(open(path)):
        cls, method = r["benchmark"].split(".")[-2:]
        variant = r.get("params", {}).get("variant", "")
        if cls == "AgentOffBenchmark":
            cls, variant = "AgentBenchmark", "raw"
        elif cls == "AgentOnBenchmark":
            cls, variant = "AgentBenchmark", "raw + agent"
        name = cls.replace("Benchmark", "") + "." + method
        pm = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        fastest = min((x for fork in pm.get("rawData", []) for x in fork), default=None)
        rows.append([name, variant, pm["score"], pm.get("scoreError"), pm["scoreUnit"], alloc, None, fastest, None])
    baseline = {row[0]: row for row in rows if row[1] in BASELINE}
    for row in rows:
        base = baseline.get(row[0])
        if base and row[1]:
            row[6] = row[2] / base[2]
            if row[7] and base[7]:
                row[8] = row[7] / base[7]
    return rows


def main(paths):
    rounds = {}
    for path in paths:
        for row in rows_of(path):
            rounds.setdefault((row[0], row[1]), []).append(row)
    several = any(len(r) > 1 for r in rounds.values())
    print("| benchmark | variant | score | ± error | unit | × raw | × raw, fastest | B/op |" + (" rounds |" if several else ""))
    print("|---|---|---:|---:|---|---:|---:|---:|" + ("---:|" if several else ""))
    for measured in rounds.values():
        by_score = sorted(measured, key=lambda row: row[2])
        name, variant, score, error, unit, alloc = by_score[(len(by_score) - 1) // 2][:6]
        ratio, fastest = (median_of(measured, k) for k in (6, 8))
        error = float(error) if error is not None else float("nan")  # JMH writes "NaN" when it cannot tell
        err = "" if error != error else f"{error:.3g}"
        b = "" if alloc is None else f"{alloc:.0f}"
        line = f"| {name} | {variant} | {score:.4g} | {err} | {unit} | {ratio} | {fastest} | {b} |"
        print(line + (f" {len(measured)} |" if several else ""))
    print_wrapper_cost(rounds)


def median_of(measured, k):
    values = [row[k] for row in measured if row[k] is not None]
    return f"{statistics.median(values):.3f}" if values else ""


def print_wrapper_cost(rounds):
    """SchemaHeal's own cost per call, as the stub driver isolates it, against the time of the real call.

    The stub does nothing, so its difference between SchemaHeal and raw is the wrapper's work alone (a few
    nanoseconds, measured to a tenth of one); the same code runs in front of sqlite-jdbc. This bound does not
    move with the machine's noise the way the direct ratio of two microsecond-scale timings does.
    """
    def median_score(name, variant):
        measured = rounds.get((name, variant))
        return statistics.median(row[2] for row in measured) if measured else None

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
