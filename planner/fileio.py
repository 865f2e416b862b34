"""Writing files so that nothing the user had is lost: every write goes to a temporary file
in the target's folder, is flushed to disk, then renamed over the target in one step. A
failure at any point leaves the previous file as it was and no temporary behind.

A process killed in the middle of a write (power cut, SIGKILL) cannot remove its temporary, so
each temporary's name carries its writer's process id (`.<name>.<pid>.<random>.tmp<suffix>`)
and the next write of the same target removes those of writers that no longer run."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Callable


def _ordinary_permissions(path: str) -> None:
    """mkstemp creates 0600; a saved scenario or report is an ordinary file (0666 & ~umask)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporaries of earlier writes of `target` whose writer no longer runs."""
    pattern = re.compile(rf"^\.{re.escape(target.stem)}\.(\d+)\.[^.]+\.tmp{re.escape(target.suffix)}$")
    removed = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if match and not _running(int(match.group(1))):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def write_atomic_with(path: str | os.PathLike[str], write: Callable[[str], None]) -> None:
    """Atomically create `path` with `write(temporary_path)` (for writers that want a path,
    such as openpyxl or pandas)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.{os.getpid()}.", suffix=f".tmp{target.suffix}", dir=target.parent)
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


__all__ = ["remove_stale_temporaries", "write_atomic", "write_atomic_with"]
