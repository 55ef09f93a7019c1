"""Per process of one traced run: total CPU at exit and, per DoFn class, wall and CPU seconds (dedup steps summed).

    python benchmarks/dofn_trace/summary.py TRACE.jsonl
"""
import collections, sys
from rows import load_by_process
t0, by = load_by_process(sys.argv[1])
for pid, rs in by.items():
    agg = collections.defaultdict(lambda: [0.0, 0.0])
    for r in rs:
        if "d" in r:
            name = r["ev"].split(".")[0]
            if name.startswith("_"): name = "dedup"
            agg[name][0] += r["d"]; agg[name][1] += r.get("c", 0)
    end = [r for r in rs if r["ev"] == "os_exit"]
    print(pid, "total cpu", end[0].get("c") if end else None, "exit at", round(end[0]["t"] - t0, 1) if end else None,
          {k: (round(w, 2), round(c, 2)) for k, (w, c) in agg.items()})
