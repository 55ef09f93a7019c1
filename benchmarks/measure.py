"""Wall time and memory of a command and every process it starts, sampled with psutil.

Why one helper: the end-to-end and peer benchmarks must measure codecurate and its peers the same
way.  Two memory figures matter and differ: the peak RSS of the largest single process (what one
worker needs) and the peak of the whole process tree summed at one instant (what the machine needs).
RSS double-counts pages shared between forked workers, so the tree figure is an upper bound.
CPU seconds (user + system of the whole tree) are kept too: on a machine shared with other work,
wall time depends on the neighbours, CPU time much less.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass, field

import psutil


@dataclass
class Usage:
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # user + system of the process and all its descendants
    largest_rss: int = 0  # peak RSS of any single process of the tree
    tree_rss: int = 0  # peak of the summed RSS of all processes alive at one sample
    launcher_rss: int = 0  # peak RSS of the process started (the root of the tree)
    processes: int = 0  # distinct processes seen
    returncode: int = 0
    stderr_tail: str = ""
    peaks: dict[int, int] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)  # last sampled CPU seconds per process


class TreeSampler(threading.Thread):
    """Samples the RSS of a process and all its descendants every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self._root = psutil.Process(pid)
        self._interval = interval
        self._stop_event = threading.Event()
        self.usage = Usage()

    def sample(self) -> None:
        try:
            processes = [self._root, *self._root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        total = 0
        for process in processes:
            try:
                rss = process.memory_info().rss
                times = process.cpu_times()
            except psutil.Error:
                continue
            self.usage.cpu[process.pid] = times.user + times.system
            total += rss
            if rss > self.usage.peaks.get(process.pid, 0):
                self.usage.peaks[process.pid] = rss
            if process.pid == self._root.pid:
                self.usage.launcher_rss = max(self.usage.launcher_rss, rss)
        self.usage.tree_rss = max(self.usage.tree_rss, total)

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self._interval)

    def stop(self) -> Usage:
        self._stop_event.set()
        self.join()
        self.usage.largest_rss = max(self.usage.peaks.values(), default=0)
        self.usage.processes = len(self.usage.peaks)
        return self.usage


def run_measured(command: list[str], cwd: str | None = None, env: dict[str, str] | None = None,
                 nice: int = 0, log_path: str | None = None) -> Usage:
    """Run `command` (under `nice -n NICE` when asked), returning its wall time and memory peaks."""
    if nice:
        command = ["nice", "-n", str(nice), *command]
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log,
                               stderr=subprocess.STDOUT if log_path else subprocess.PIPE)
    sampler = TreeSampler(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    usage = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Descendants reaped by their parents are in RUSAGE_CHILDREN; the sampled sum catches any that
    # were not (it misses at most the last interval of each process).
    reaped = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    usage.cpu_seconds = max(reaped, sum(usage.cpu.values()))
    if log_path:
        log.close()
        with open(log_path, errors="replace") as handle:
            stderr = handle.read()[-3000:]
    usage.seconds, usage.returncode = elapsed, process.returncode
    usage.stderr_tail = (stderr.decode(errors="replace") if isinstance(stderr, bytes) else stderr or "")[-3000:]
    return usage
