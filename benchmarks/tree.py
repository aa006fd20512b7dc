"""A program's whole process tree, watched from outside: memory and CPU over time.

``/proc`` is read every few milliseconds for the program and every process below it (the
loader child forked by lecteur counts): the peak of the summed resident set sizes (not the
largest single process), the peak of the summed proportional set sizes (what the machine must
hold at once: a page the forked child shares with its parent counts once), and the summed
CPU time.
"Fully loaded" is when the tree has gone quiet after its first paint: no CPU spent over a
quiet window. This measures any program the same way (lecteur, ``less``, the bare app),
with no hook inside it. Linux only.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return out


def tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children(p))
    return out


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def pss_bytes(pid: int) -> int:
    """Proportional set size: the resident pages, each shared page divided among the
    processes sharing it (a forked child's copy-on-write pages are not counted twice)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (its reaped children included)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # After the command: state is fields[0]; utime, stime, cutime, cstime are 11..14.
    return sum(int(x) for x in fields[11:15]) / TICK


@dataclass
class Sample:
    t: float
    rss: int
    cpu: float
    pss: int = 0


class TreeWatch:
    """Samples of a process tree; call :meth:`sample` as often as wanted."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[Sample] = []
        self.peak = 0
        self.peak_pss = 0
        self._cpu_gone = 0.0
        self._last_cpu: dict[int, float] = {}

    def sample(self) -> Sample:
        pids = tree(self.pid)
        rss = sum(rss_bytes(p) for p in pids)
        pss = sum(pss_bytes(p) for p in pids)
        cpus = {p: cpu_seconds(p) for p in pids}
        # A child that ended: its CPU moves into the parent's cutime once reaped; until
        # then keep its last figure, so the total never goes back.
        for p, c in self._last_cpu.items():
            if p not in cpus:
                self._cpu_gone += c
        self._last_cpu = cpus
        total = sum(cpus.values()) + self._cpu_gone
        if self.samples:
            total = max(total, self.samples[-1].cpu)
        s = Sample(time.perf_counter(), rss, total, pss)
        self.samples.append(s)
        self.peak = max(self.peak, rss)
        self.peak_pss = max(self.peak_pss, pss)
        return s

    @property
    def peak_mb(self) -> float:
        return self.peak / 1e6

    @property
    def peak_pss_mb(self) -> float:
        return self.peak_pss / 1e6

    def quiet_since(self, window: float, slack: float = 0.02) -> float | None:
        """When the tree last started a ``window`` of seconds with at most ``slack`` s of
        CPU spent in it (None: not quiet for that long yet)."""
        if not self.samples:
            return None
        last = self.samples[-1]
        i = len(self.samples) - 1
        # The earliest sample from which CPU grew at most `slack` up to now.
        while i > 0 and last.cpu - self.samples[i - 1].cpu <= slack:
            i -= 1
        start = self.samples[i]
        return start.t if last.t - start.t >= window else None


def watch_until(
    watch: TreeWatch,
    pump: Callable[[float], object],
    done: Callable[[], bool],
    timeout: float,
    every: float = 0.02,
) -> bool:
    """Sample and pump (read the program's output) until ``done()`` or the timeout."""
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        watch.sample()
        if done():
            return True
        pump(every)
    return False
