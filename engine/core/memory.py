"""How much memory this process may still take (to refuse what would exhaust it)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["available_memory"]


def available_memory() -> int | None:
    """Return the memory available for new allocations, in bytes (None if unknown).

    The smaller of what the system has available — Linux's ``MemAvailable`` (free memory
    plus what the kernel can reclaim), else the free physical pages — and the limit of this
    process's control group (``memory.max`` of cgroup v2, ``memory.limit_in_bytes`` of v1),
    where there is one: in a container, the machine's free memory is not what the process
    may use.
    """
    found = [value for value in (_system_available(), _cgroup_limit()) if value]
    return min(found) if found else None


def _system_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _cgroup_limit() -> int | None:
    root = Path("/sys/fs/cgroup")
    candidates = [root / "memory.max", root / "memory" / "memory.limit_in_bytes"]
    try:
        for line in Path("/proc/self/cgroup").read_text(encoding="ascii").splitlines():
            _, controllers, path = line.split(":", 2)
            relative = path.lstrip("/")
            if controllers == "" and relative:
                candidates.append(root / relative / "memory.max")
            elif "memory" in controllers.split(",") and relative:
                candidates.append(root / "memory" / relative / "memory.limit_in_bytes")
    except (OSError, ValueError):
        pass
    limits = []
    for candidate in candidates:
        try:
            text = candidate.read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            continue
        # "max" (v2) or a number near 2**63 (v1) means no limit.
        if text.isdigit() and int(text) < 2**60:
            limits.append(int(text))
    return min(limits) if limits else None
