"""The one way a file is replaced: written beside its target, flushed, renamed over it, the folder flushed.

A reader sees the old file or the new one, never half of one, even after a crash or a power cut.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def fsync(path: Path) -> None:
    """Flush a file or folder to disk, so a rename publishes a complete file even after a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(tmp: Path, target: Path) -> None:
    """Rename a finished file over its target durably: flush the file, rename, flush the folder."""
    fsync(tmp)
    os.replace(tmp, target)
    fsync(target.parent)


def atomic_write(target: Path, write: Callable[[Path], None], *, mode: int | None = None) -> Path:
    """Replace `target` by what `write(path)` writes into a new file in the same folder.

    The new file gets `mode` (default: the old file's mode, else the process default); on any failure
    the new file is removed and the old one stays as it was. Returns the target.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        if mode is None and target.exists():
            mode = target.stat().st_mode & 0o777
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        publish(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def atomic_write_text(target: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """atomic_write of a text."""
    return atomic_write(target, lambda path: path.write_text(text, encoding=encoding))
