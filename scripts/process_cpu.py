"""CPU time of the machine's processes by kind (gunicorn, Celery, PostgreSQL, Redis, the load
generator), read from /proc: what one save or one certificate costs each side of the machine.

    before = process_cpu.snapshot()
    ...  # the load
    costs = process_cpu.since(before)  # {"gunicorn": seconds, "postgres": seconds, ...}

Only processes alive at both readings count fully (one that started in between counts from its
start), so take the second reading before stopping the server or the worker. Linux only.
"""

import os

_TICKS = os.sysconf("SC_CLK_TCK")
KINDS = ("gunicorn", "celery", "postgres", "redis", "load generator")


def _kind(command: str) -> str | None:
    if "gunicorn" in command:
        return "gunicorn"
    if "celery" in command:
        return "celery"
    if command.startswith("postgres"):
        return "postgres"
    if "redis-server" in command:
        return "redis"
    if "benchmark.py" in command:
        return "load generator"
    return None


def snapshot() -> dict[int, tuple[str, float]]:
    """Each process of a known kind: its kind and the CPU seconds (user + system) it has used."""
    taken = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # it ended while we read
        kind = _kind(command)
        if kind:
            # Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
            fields = stat[stat.rfind(")") + 2 :].split()
            taken[int(name)] = (kind, (int(fields[11]) + int(fields[12])) / _TICKS)
    return taken


def since(before: dict[int, tuple[str, float]]) -> dict[str, float]:
    """CPU seconds each kind of process used since `before`."""
    used = dict.fromkeys(KINDS, 0.0)
    for pid, (kind, seconds) in snapshot().items():
        used[kind] += seconds - before.get(pid, (kind, 0.0))[1]
    return used


def per_unit(used: dict[str, float], units: int) -> str:
    """`gunicorn 4.2 + postgres 1.1 + ...` ms per unit, the kinds that used any."""
    parts = [
        f"{kind} {seconds / units * 1000:.1f}"
        for kind, seconds in used.items()
        if seconds > 0.005 and units
    ]
    return " + ".join(parts) if parts else "-"
