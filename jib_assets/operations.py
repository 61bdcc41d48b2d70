"""Operations around a run: one run at a time on the warehouse, owner-only folders, leftovers of a
killed run removed, and one clear sentence for a held lock or a full disk instead of raw tracebacks.

Nothing here reads data: the messages name paths, processes and runs, never a person.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from jib_assets.settings import Paths

LOCK_NAME = "jib.lock"
# What a killed run leaves behind: atomic writers' temp files named after their writer's pid.
_PID_LEFTOVERS = re.compile(r"^\..+\.(?P<pid>\d+)\.(?:tmp|compact)(?:\.wal)?$")
_DUCKDB_LOCK_PID = re.compile(r"\(PID (\d+)\)")


class WarehouseBusyError(RuntimeError):
    """Another jib run or Dagster run holds the warehouse lock (jib.lock)."""


class WarehouseLockedError(RuntimeError):
    """Another process has the DuckDB file open (a reader or a writer outside jib's lock)."""


class DiskFullError(RuntimeError):
    """A write failed because the disk is full."""


# ---------------------------------------------------------------------------------------------------
# One run at a time


@dataclass(frozen=True)
class Holder:
    """Who holds jib.lock: written into the lock file, read by whoever finds it held."""

    pid: int
    what: str
    run_id: str | None
    since: str

    def sentence(self, warehouse: Path) -> str:
        run = f", Dagster run {self.run_id}" if self.run_id else ""
        return (f"Another run holds the warehouse {warehouse}: {self.what} (pid {self.pid}{run}, since {self.since}); "
                "wait until it has finished (or stop it), then start again.")


def lock_path(paths: Paths) -> Path:
    return paths.warehouse.parent / LOCK_NAME


# Locks this process holds, with a count: `jib run` holds the lock across its months and the
# in-process runs it starts take it again (flock would block on a second open file of the same process).
_held: dict[Path, list] = {}


def read_holder(path: Path) -> Holder | None:
    """The holder recorded in the lock file, or None if the file is absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Holder(int(data["pid"]), str(data["what"]), data.get("run_id"), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


@contextmanager
def run_lock(paths: Paths, what: str, run_id: str | None = None, *, wait_seconds: float = 0,
             on_wait=None) -> Iterator[None]:
    """Hold jib.lock beside the warehouse for the duration: one run at a time on the warehouse, from
    every entry point. Waits up to `wait_seconds` (calling `on_wait(holder_sentence)` once), then
    raises WarehouseBusyError with one sentence naming the holder. The lock is an flock: it goes
    with the process, so a killed run never leaves it held."""
    path = lock_path(paths)
    path = path.absolute()
    if path in _held:  # re-entered by the same process (jib run -> its in-process runs)
        _held[path][1] += 1
        try:
            yield
        finally:
            _held[path][1] -= 1
        return
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + wait_seconds
    told = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = read_holder(path)
                sentence = (holder.sentence(paths.warehouse) if holder else
                            f"Another run holds the warehouse {paths.warehouse}; wait until it has finished, then start again.")
                if time.monotonic() >= deadline:
                    raise WarehouseBusyError(sentence) from None
                if on_wait and not told:
                    on_wait(sentence)
                    told = True
                time.sleep(min(1.0, max(0.05, deadline - time.monotonic())))
        record = {"pid": os.getpid(), "what": what, "run_id": run_id,
                  "since": datetime.now().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        _held[path] = [fd, 1]
        try:
            yield
        finally:
            del _held[path]
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def holds_lock(paths: Paths) -> bool:
    return lock_path(paths).absolute() in _held


# ---------------------------------------------------------------------------------------------------
# Owner-only folders and leftovers


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) and make it owner-only (0700), like the exports."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def restrict(paths: Paths) -> None:
    """The restricted store folder and landing owner-only (0700), the warehouse files 0600."""
    for folder in (paths.warehouse.parent, paths.landing):
        ensure_private_dir(folder)
    for file in (paths.warehouse, Path(f"{paths.warehouse}.wal")):
        if file.exists():
            os.chmod(file, 0o600)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def volg_ouder() -> None:
    """In a process a run started to work beside it (the suppression's and the exports' pools, the publication's solve
    ahead): a thread ends it within half a second once the run's process is gone (killed), whether it is at work or
    waiting for work that will never come. Nobody waits for that work: a killed run's processes went on solving a
    national component for minutes, and one that had done its part waited for more forever."""
    ouder = os.getppid()

    def waak() -> None:
        while os.getppid() == ouder:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=waak, name="volg_ouder", daemon=True).start()


def remove_leftovers(paths: Paths) -> list[Path]:
    """Remove the temp files of a killed run (`.analytics.duckdb.<pid>.tmp`, `.jib.duckdb.<pid>.compact`,
    report temp files) whose writer is no longer alive. Returns what was removed."""
    removed = []
    for folder in (paths.warehouse.parent, paths.publish.parent, paths.reports):
        if not folder.is_dir():
            continue
        for file in folder.iterdir():
            match = _PID_LEFTOVERS.match(file.name)
            if match and file.is_file() and not pid_alive(int(match["pid"])):
                file.unlink(missing_ok=True)
                removed.append(file)
    return removed


# ---------------------------------------------------------------------------------------------------
# Clear messages


def process_name(pid: int) -> str:
    """The program name of a process (argv[0] only: its arguments may hold paths or data)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "a process that has ended"
    names = [Path(part.decode("utf-8", "replace")).name for part in raw[:2] if part]
    if len(names) == 2 and names[0].startswith("python"):
        return f"{names[0]} {names[1]}"  # python + its script, e.g. `python3 jib` or `python3 dagster`
    return names[0] if names else "unknown program"


def is_disk_full(exc: BaseException) -> bool:
    """True for ENOSPC from the OS, DuckDB or SQLite (Dagster's run storage) anywhere in the chain."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        text = str(exc)
        if isinstance(exc, (sqlite3.OperationalError, duckdb.Error)) or type(exc).__name__ == "OperationalError":
            if "disk is full" in text or "No space left on device" in text:
                return True
        elif "No space left on device" in text or "database or disk is full" in text:
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def free_space(path: Path) -> str:
    """Free space on the disk of `path` (or its nearest existing parent), human-readable."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if free < 1024 or unit == "TB":
            return f"{free:.0f} {unit}" if unit == "B" else f"{free:.1f} {unit}"
        free /= 1024
    return f"{free:.1f} TB"  # pragma: no cover


def disk_full_message(*paths: Path) -> str:
    where = "; ".join(f"{p} has {free_space(p)} free" for p in paths)
    return (f"The disk is full ({where}). Free space there, then rerun the month: nothing half-written "
            "was kept (every load is one transaction, every file is written beside and renamed).")


def lock_message(path: Path, duckdb_error: str) -> str:
    """One sentence for DuckDB's 'Could not set lock on file' naming the process that holds the file."""
    match = _DUCKDB_LOCK_PID.search(duckdb_error)
    if match:
        pid = int(match.group(1))
        who = f"process {pid} ({process_name(pid)})"
    else:
        who = "another process"
    return (f"{path} is held open by {who}; close that program (a DuckDB session on the restricted store, "
            "or a run outside jib's queue) or wait for it to finish, then rerun.")


@contextmanager
def clear_errors(path: Path, *also: Path) -> Iterator[None]:
    """Turn DuckDB's lock conflict and a full disk into one clear sentence (the raw text is dropped)."""
    try:
        yield
    except duckdb.IOException as exc:
        if "Could not set lock" in str(exc):
            raise WarehouseLockedError(lock_message(path, str(exc))) from None
        if is_disk_full(exc):
            raise DiskFullError(disk_full_message(path.parent, *also)) from None
        raise
    except (duckdb.Error, OSError) as exc:
        if is_disk_full(exc):
            raise DiskFullError(disk_full_message(path.parent, *also)) from None
        raise
