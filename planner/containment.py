"""Which files a scenario may make the planner read: only regular files inside its table folder.

A scenario names its tables (`clients.file`, `prospects_data.file`); a bundle names its members.
Whoever writes the scenario must not be able to read anything else of the machine that runs the
planner (a shared app, a colleague's command line), so a table path

- is relative to the **table folder**: the scenario's folder, or the folder the command-line
  user names with `--data-dir DIR` (an absolute path is accepted only inside that DIR);
- resolves, after following every symlink, to a place inside the table folder (`..` escapes and
  symlinks out of it are refused);
- is a regular file: directories, devices, FIFOs, sockets and anything under /proc, /sys or
  /dev are refused (a FIFO would hang the reader, /proc/self/environ holds the server's secrets).

Refusals name the field and the path as the user wrote it, never a byte of the file and never
the server's own folders. `member_name` is the same rule for names inside a ZIP bundle, which
must be plain relative POSIX paths without `..`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from planner.errors import InputError, Problem
from planner.i18n import N_, catalogue

TEXT = catalogue({
    "empty": N_("a file name is required"),
    "absolute": N_("'{file}' is an absolute path: a table must lie in the scenario's folder (on the command line, name another folder with --data-dir)"),
    "escapes": N_("'{file}' leads outside the scenario's folder: a table must lie in it (on the command line, name another folder with --data-dir)"),
    "system": N_("'{file}' is a system location, not a table"),
    "not_found": N_("'{file}' not found in the scenario's folder"),
    "not_regular": N_("'{file}' is not a regular file (a folder, device or pipe)"),
    "bad_name": N_("'{file}' is not a usable file name: {reason}"),
    "member": N_("'{file}' is not allowed in a bundle: only relative paths without '..' are"),
    "too_big": N_("'{file}' is {size} bytes, more than the limit of {limit:,} bytes ({mb:g} MB)"),
})

TEXT_REASONS = catalogue({
    "nul": N_("it contains a NUL character"),
    "encoding": N_("it cannot be encoded as a file name"),
    "long": N_("a name in it is longer than 255 bytes"),
})

# Kernel and device trees: never a table, whatever folder a user names.
SYSTEM_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))
MAX_COMPONENT_BYTES = 255  # one file or folder name (most file systems)
MAX_PATH_BYTES = 4096
SHOWN_CHARS = 120  # of a path the user wrote, in a message


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """A user's path or name as a message quotes it: control characters made visible, at most
    `limit` characters (the rest as `...`)."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _refuse(field: str, key: str, **values: object) -> InputError:
    return InputError(Problem(field, TEXT[key].format(**values)))


def check_name(file: str, field: str) -> None:
    """A path's text is usable: not empty, no NUL byte, no name over 255 bytes, not over 4 KB."""
    if not file or not str(file).strip():
        raise _refuse(field, "empty")
    if "\x00" in file:
        raise _refuse(field, "bad_name", file=shown(file), reason=TEXT_REASONS["nul"])
    encoded = os.fsencode(file) if _encodable(file) else None
    if encoded is None:
        raise _refuse(field, "bad_name", file=shown(file), reason=TEXT_REASONS["encoding"])
    if len(encoded) > MAX_PATH_BYTES or any(len(part) > MAX_COMPONENT_BYTES for part in encoded.split(b"/")):
        raise _refuse(field, "bad_name", file=shown(file), reason=TEXT_REASONS["long"])


def _encodable(file: str) -> bool:
    try:
        os.fsencode(file)
    except UnicodeError:
        return False
    return True


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def contained_file(file: str, table_dir: Path | str | None, *, field: str) -> Path:
    """The real path of the table `file` names, checked to be a regular file inside `table_dir`
    (the scenario's folder or `--data-dir`; None = the current folder). Raises InputError
    naming `field` (`clients.file`) otherwise; the file itself is not opened."""
    file = str(file)
    check_name(file, field)
    root = Path(table_dir if table_dir is not None else Path.cwd()).resolve()
    written = Path(file)
    if written.is_absolute() and not _inside(Path(os.path.normpath(written)), root):
        raise _refuse(field, "absolute", file=shown(file))
    candidate = written if written.is_absolute() else root / written
    # System trees first: /proc/self/environ must be refused even if someone names / as DIR.
    lexical = Path(os.path.normpath(candidate))
    try:
        real = candidate.resolve(strict=True)
    except FileNotFoundError:
        if any(_inside(lexical, s) for s in SYSTEM_ROOTS):
            raise _refuse(field, "system", file=shown(file)) from None
        if not _inside(lexical, root):
            raise _refuse(field, "escapes", file=shown(file)) from None
        raise _refuse(field, "not_found", file=shown(file)) from None
    except (OSError, RuntimeError):  # a symlink loop, a name the OS refuses
        raise _refuse(field, "not_found", file=shown(file)) from None
    if any(_inside(p, s) for p in (lexical, real) for s in SYSTEM_ROOTS):
        raise _refuse(field, "system", file=shown(file))
    if not _inside(real, root):
        raise _refuse(field, "escapes", file=shown(file))
    try:
        mode = os.stat(real).st_mode
    except OSError:
        raise _refuse(field, "not_found", file=shown(file)) from None
    if not stat.S_ISREG(mode):
        raise _refuse(field, "not_regular", file=shown(file))
    return real


def read_regular(path: Path, *, field: str, limit: int, shown_as: str | None = None, max_read: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (refused before anything is read),
    or its first `max_read` bytes. Opened without blocking and checked on the open descriptor,
    so a FIFO or device swapped in after `contained_file` is refused rather than read."""
    name = shown_as or shown(Path(path).name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise _refuse(field, "not_found", file=name) from None
    except OSError:
        raise _refuse(field, "not_regular", file=name) from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(field, "not_regular", file=name)
        check_size(info.st_size, limit, field=field, file=name)
        data = fh.read(limit + 1 if max_read is None else min(max_read, limit + 1))
    if max_read is None:
        check_size(len(data), limit, field=field, file=name)
    return data


def check_size(size: int, limit: int, *, field: str, file: str) -> None:
    """Refuse a file over `limit` bytes, naming the field."""
    if size > limit:
        raise _refuse(field, "too_big", file=file, size=f"{size:,}", limit=limit, mb=limit / 2**20)


def member_name(name: str, field: str = "bundle") -> PurePosixPath:
    """A ZIP member or a table path inside a bundle: relative POSIX, no `..`, no drive, no
    backslash, no empty part; else InputError naming `field`."""
    check_name(name, field)
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise _refuse(field, "member", file=shown(name))
    parts = name.split("/")
    if any(part in ("..",) for part in parts) or all(part in ("", ".") for part in parts):
        raise _refuse(field, "member", file=shown(name))
    return PurePosixPath(*[p for p in parts if p not in ("", ".")])


def display_path(path: Path | str, table_dir: Path | str | None) -> str:
    """A path as messages show it: relative to the table folder, never the server's folders."""
    p = Path(path)
    if table_dir is not None:
        try:
            return shown(str(p.relative_to(Path(table_dir).resolve())))
        except ValueError:
            pass
    return shown(p.name)


__all__ = ["check_name", "check_size", "contained_file", "display_path", "member_name", "read_regular", "shown"]
