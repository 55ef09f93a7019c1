"""A trace file's rows grouped by process: what summary.py and timeline.py both start from."""
import collections
import json


def load_by_process(path: str) -> tuple[float, dict[int, list[dict]]]:
    """(the first row's time, rows of each process id in file order)."""
    rows = [json.loads(line) for line in open(path)]
    by_process: dict[int, list[dict]] = collections.defaultdict(list)
    for row in rows:
        by_process[row["pid"]].append(row)
    return min(row["t"] for row in rows), by_process
