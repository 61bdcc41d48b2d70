"""The one place where the environment becomes paths, the pseudonym key and DuckDB limits.

Every default works on a fresh machine (the demo); a deployment overrides them with
environment variables.
"""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path


class MissingKeyError(RuntimeError):
    """Raised when JIB_PSEUDONYM_KEY is not set: no key, no run."""


@dataclass(frozen=True)
class Paths:
    """The folders of interfaces.md under one root, JIB_HOME."""

    home: Path

    @property
    def landing(self) -> Path:
        return self.home / "landing"

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse" / "jib.duckdb"

    @property
    def data_docs(self) -> Path:
        """GX Data Docs: exact small counts per gemeente, so beside the restricted store."""
        return self.home / "warehouse" / "data_docs"

    @property
    def publish(self) -> Path:
        return self.home / "publish" / "analytics.duckdb"

    @property
    def exports(self) -> Path:
        return self.home / "exports"

    @property
    def reports(self) -> Path:
        return self.home / "reports"

    @property
    def demo_key_file(self) -> Path:
        return self.home / "pseudonym.key"

    @property
    def gebied_file(self) -> Path:
        return self.home / "gebied"


# DuckDB's memory limit unless JIB_DUCKDB_MEMORY_LIMIT says otherwise. DuckDB spills what does not fit to a
# folder beside the warehouse (inside the restricted store). A national month runs within it (peak 3.3 GB in
# its largest step, the 30 million wage rows, against 4.2 GB with 4 GB and 5.1 GB for the run with 8 GB) and
# no slower; a region needs far less.
GEHEUGEN_STANDAARD = "3GB"


@dataclass(frozen=True)
class Settings(Paths):
    first_month: date
    duckdb_memory_limit: str
    duckdb_threads: int
    gebied: str = "NL"
    lock_wait_seconds: int = 3600
    sensor_seconds: int = 60


def get_settings() -> Settings:
    first = os.environ.get("JIB_FIRST_MONTH", "2025-01")
    home = Path(os.environ.get("JIB_HOME", "data")).absolute()
    return Settings(
        home=home,
        first_month=date.fromisoformat(f"{first}-01"),
        duckdb_memory_limit=os.environ.get("JIB_DUCKDB_MEMORY_LIMIT", GEHEUGEN_STANDAARD),
        duckdb_threads=int(os.environ.get("JIB_DUCKDB_THREADS", str(os.cpu_count() or 2))),
        gebied=_gebied(Paths(home)),
        lock_wait_seconds=int(os.environ.get("JIB_LOCK_WAIT_SECONDS", "3600")),
        sensor_seconds=int(os.environ.get("JIB_SENSOR_SECONDS", "60")),
    )


def _gebied(paths: Paths) -> str:
    """The deployment's area: JIB_GEBIED; else the area recorded in the data folder (`jib demo` writes the region
    it simulates to `gebied`, so every later command on its data, `dagster dev` and its sensors included, works
    for that area without being told); else NL. An area is public (gemeentecodes), unlike the key."""
    gezet = os.environ.get("JIB_GEBIED", "").strip()
    if gezet:
        return gezet
    if paths.gebied_file.exists():
        return paths.gebied_file.read_text(encoding="utf-8").strip() or "NL"
    return "NL"


def remember_gebied(settings: Settings, gebied: str) -> bool:
    """Record `gebied` as the data folder's area unless one is recorded already; returns whether it wrote."""
    path = settings.gebied_file
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(gebied + "\n", encoding="utf-8")
    return True


def pseudonym_key() -> bytes:
    """The deployment's secret for jib_id; never stored in the repository or a published file."""
    key = os.environ.get("JIB_PSEUDONYM_KEY", "")
    if not key:
        demo = get_settings().demo_key_file
        if demo.exists():  # named, not read: a deployment must never pick up a demo key by itself
            raise MissingKeyError(
                f"JIB_PSEUDONYM_KEY is not set. For the demo's data, whose key `jib demo` wrote to {demo}: "
                f"export JIB_PSEUDONYM_KEY=$(cat {demo}) and run the command again."
            )
        raise MissingKeyError(
            "JIB_PSEUDONYM_KEY is not set. Set it to the deployment's secret pseudonym key "
            "(or run `jib demo`, which creates a local demo key file)."
        )
    return key.encode("utf-8")


def ensure_demo_key(settings: Settings) -> tuple[str, bool]:
    """Read the demo key file, creating a random one (owner read/write only) if absent.

    Returns the key and whether it was created now.
    """
    path = settings.demo_key_file
    if path.exists():
        return path.read_text(encoding="ascii").strip(), False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key, True
