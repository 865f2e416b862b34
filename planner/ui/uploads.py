"""Uploaded tables: private to their session and temporary.

Each browser session gets its own folder (mode 0700) under a root only this server's user can
enter; every uploaded file in it is written 0600. An upload goes into a sub-folder named by its
content (so that cached plans follow the content), a rejected upload is deleted at once, the
session's folder is deleted when the session ends (planner/ui/worker.py watches the sessions),
and any session folder older than MAX_AGE_SECONDS is deleted when the next session starts (a
server that was killed cleans up after itself on its next start).

No Streamlit here: the caller passes the session's key.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path

from planner.containment import MAX_COMPONENT_BYTES, contained_file, read_regular
from planner.errors import InputError
from models.limits import MAX_TABLE_BYTES

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 24 * 3600
SESSION_PREFIX = "session-"
_SESSIONS: dict[str, Path] = {}  # session key -> its folder
_LATEST: dict[str, Path] = {}  # session key -> the folder of its adopted upload
_LOCK = threading.Lock()


def upload_root() -> Path:
    """The private root of all session folders: created 0700, and refused (a fresh private one
    made instead) if someone else owns it or it is not a plain folder."""
    root = Path(tempfile.gettempdir()) / f"planner-uploads-{os.getuid()}"
    try:
        root.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(root)
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid():
            if stat.S_IMODE(info.st_mode) != 0o700:
                os.chmod(root, 0o700)
            return root
    except OSError:
        pass
    log.warning("upload root %s is not private; using a fresh one", root)
    return Path(tempfile.mkdtemp(prefix="planner-uploads-"))


def remove_old(root: Path, now: float | None = None) -> list[Path]:
    """Delete session folders under `root` older than MAX_AGE_SECONDS (by last change)."""
    now = time.time() if now is None else now
    removed = []
    for entry in os.scandir(root):
        try:
            old = entry.name.startswith(SESSION_PREFIX) and now - entry.stat(follow_symlinks=False).st_mtime > MAX_AGE_SECONDS
        except OSError:
            continue
        if old:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def session_folder(key: str) -> Path:
    """The session's private folder (created on first use)."""
    from planner.ui import worker

    with _LOCK:
        folder = _SESSIONS.get(key)
        if folder is not None and folder.is_dir():
            return folder
        root = upload_root()
        remove_old(root)
        folder = Path(tempfile.mkdtemp(prefix=SESSION_PREFIX, dir=root))  # 0700
        _SESSIONS[key] = folder
    worker.remember_session(key)
    return folder


def safe_name(name: str, default: str = "clients.csv") -> str:
    """An uploaded file's name as stored: its last part, only plain characters, not too long."""
    base = Path(str(name).replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .")
    stem, suffix = os.path.splitext(base)
    if not stem:
        return default
    limit = min(120, MAX_COMPONENT_BYTES) - len(suffix.encode())
    while len(stem.encode()) > limit:
        stem = stem[:-1]
    return stem + suffix.lower()


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to a new file only this user may read (0600), never through a symlink."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(path, 0o600)


def store_table(key: str, name: str, data: bytes) -> tuple[Path, str]:
    """(folder, file name) of an uploaded table, written privately into the session's folder."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = session_folder(key) / digest
    folder.mkdir(mode=0o700, exist_ok=True)
    stored = safe_name(name)
    write_private(folder / stored, data)
    return folder, stored


def copy_table(folder: Path, file: str, base: Path, field: str) -> str | None:
    """Copy a table the working scenario names (checked inside its folder) next to an upload;
    its relative path there, or None when it cannot be read (the caller's check reports it)."""
    try:
        source = contained_file(file, base, field=field)
        data = read_regular(source, field=field, limit=MAX_TABLE_BYTES)
    except InputError:
        return None
    target = folder / "tables"
    target.mkdir(mode=0o700, exist_ok=True)
    stored = safe_name(source.name)
    write_private(target / stored, data)
    return f"tables/{stored}"


def table_folder(key: str) -> Path:
    """Where an uploaded scenario's tables are looked for: the session's adopted upload."""
    latest = _LATEST.get(key)
    return latest if latest is not None and latest.is_dir() else session_folder(key)


def adopted(key: str, folder: Path) -> None:
    _LATEST[key] = folder


def discard(folder: Path) -> None:
    """Delete a rejected upload's folder at once (only inside a session folder)."""
    root = upload_root()
    if root in folder.resolve().parents:
        shutil.rmtree(folder, ignore_errors=True)


def remove_session(key: str) -> None:
    """The session ended: delete its folder and everything uploaded in it."""
    with _LOCK:
        folder = _SESSIONS.pop(key, None)
        _LATEST.pop(key, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


__all__ = ["adopted", "copy_table", "discard", "remove_old", "remove_session", "safe_name", "session_folder",
           "store_table", "table_folder", "upload_root", "write_private"]
