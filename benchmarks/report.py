#!/usr/bin/env python3
"""Prints a JMH JSON result file as one Markdown table: score, its ratio to the raw driver, B/op."""
import json
import sys

BASELINE = {"raw", "without-agent"}


def main(path):
    runs = json.load(open(path))
    rows = []
    baseline = {}
    for r in runs:
        cls, method = r["benchmark"].split(".")[-2:]
        variant = r.get("params", {}).get("variant", "")
        if cls == "AgentOffBenchmark":
            cls, variant = "AgentBenchmark", "raw"
        elif cls == "AgentOnBenchmark":
            cls, variant = "AgentBenchmark", "raw + agent"
        name = cls.replace("Benchmark", "") + "." + method
        pm = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows.append((name, variant, pm["score"], pm.get("scoreError"), pm["scoreUnit"], alloc))
        if variant in BASELINE:
            baseline[name] = pm["score"]
    print("| benchmark | variant | score | ± error | unit | × raw | B/op |")
    print("|---|---|---:|---:|---|---:|---:|")
    for name, variant, score, error, unit, alloc in rows:
        base = baseline.get(name)
        ratio = f"{score / base:.3f}" if base and variant else ""
        err = "" if error is None or error != error else f"{error:.3g}"
        b = "" if alloc is None else f"{alloc:.0f}"
        print(f"| {name} | {variant} | {score:.4g} | {err} | {unit} | {ratio} | {b} |")


if __name__ == "__main__":
    main(sys.argv[1])
