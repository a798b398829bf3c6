"""One writer per output folder: an exclusive lock that a second run waits for (or gives up on).

Every table write is atomic on its own (see `tables.py`), but a run writes several tables that must
agree with each other (`annotations` describes exactly the documents of `documents`). Two runs
interleaving their writes would leave a mix, so a run holds `<output>/.parley.lock` (an OS-level
`flock` through `filelock`, released by the kernel even when the process is killed) from its first
write to its last. `<output>/.parley.lock.json` says who holds it, for the message of the one waiting.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".parley.lock"
OWNER_NAME = ".parley.lock.json"


class OutputBusyError(TimeoutError):
    """Another run kept the output folder locked for longer than the timeout."""


@dataclass(frozen=True)
class LockHeld:
    """The lock this run holds, and how long it waited for it."""

    path: Path
    waited_s: float


def lock_owner(output_dir: Path) -> dict[str, str]:
    """Who holds (or last held) the lock of `output_dir`; empty when nobody wrote it down."""
    try:
        return json.loads((Path(output_dir) / OWNER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _describe(owner: dict[str, str]) -> str:
    if not owner:
        return "another parley run"
    return f"parley run pid {owner.get('pid')} on {owner.get('host')} (since {owner.get('since')}: {owner.get('command')})"


@contextmanager
def output_lock(
    output_dir: Path, timeout_s: float, on_wait: Callable[[str], None] | None = None
) -> Iterator[LockHeld]:
    """Hold the output folder's lock for the duration of the block, waiting up to `timeout_s`."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(output_dir / LOCK_NAME)
    started = time.monotonic()
    try:
        lock.acquire(timeout=0)
    except Timeout:
        owner = _describe(lock_owner(output_dir))
        if on_wait is not None:
            on_wait(f"{output_dir} is being written by {owner}; waiting up to {timeout_s:.0f} s for it")
        try:
            lock.acquire(timeout=timeout_s)
        except Timeout:
            raise OutputBusyError(
                f"{output_dir} is still being written by {owner} after {timeout_s:.0f} s. Wait for "
                "that run to finish, write to another folder (--output DIR), or wait longer with "
                "PARLEY_RUN__LOCK_TIMEOUT_S=SECONDS"
            ) from None
    try:
        owner_file = output_dir / OWNER_NAME
        owner_file.write_text(
            json.dumps(
                {
                    "pid": str(os.getpid()),
                    "host": socket.gethostname(),
                    "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "command": " ".join(sys.argv)[:200],
                }
            ),
            encoding="utf-8",
        )
        yield LockHeld(output_dir / LOCK_NAME, round(time.monotonic() - started, 3))
    finally:
        (output_dir / OWNER_NAME).unlink(missing_ok=True)
        lock.release()
