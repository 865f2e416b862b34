"""Writing files so that nothing the user had is lost: every write goes to a temporary file
in the target's folder, is flushed to disk, then renamed over the target in one step. A
failure at any point leaves the previous file as it was and no temporary behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def _ordinary_permissions(path: str) -> None:
    """mkstemp creates 0600; a saved scenario or report is an ordinary file (0666 & ~umask)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def write_atomic_with(path: str | os.PathLike[str], write: Callable[[str], None]) -> None:
    """Atomically create `path` with `write(temporary_path)` (for writers that want a path,
    such as openpyxl or pandas)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        _ordinary_permissions(tmp)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Atomically write text (UTF-8) or bytes to `path`."""
    payload = data.encode("utf-8") if isinstance(data, str) else data

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()

    write_atomic_with(path, write)


__all__ = ["write_atomic", "write_atomic_with"]
