"""Timeline of one traced run: per process, each DoFn call of 0.3 s or more (start, wall) and per-method totals.

    python benchmarks/dofn_trace/timeline.py TRACE.jsonl
"""
import collections, sys
from rows import load_by_process
t0, by = load_by_process(sys.argv[1])
for pid, rs in by.items():
    print("== pid", pid, rs[0].get("argv", ""))
    agg = collections.OrderedDict()
    for r in sorted(rs, key=lambda r: r["t"]):
        if "d" not in r:
            print(f"  {r['t']-t0:7.2f} {r['ev']}")
            continue
        if r["d"] >= 0.3:
            print(f"  {r['t']-t0:7.2f} +{r['d']:6.2f} {r['ev']}")
        a = agg.setdefault(r["ev"], [0, 0.0, r["t"]-t0, 0]); a[0] += 1; a[1] += r["d"]; a[3] = r["t"]-t0+r["d"]
    for k, (n, d, s, e) in agg.items():
        print(f"     {k:40s} n={n:4d} sum={d:6.2f} span {s:6.2f}-{e:6.2f}")
