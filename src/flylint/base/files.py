"""Files from an untrusted tree: reading a regular file of bounded size (or a clear refusal), and
writing an output file in full or not at all, never through a link.

Every file flylint reads (linted files, configuration, baselines, git metadata for reports,
files scored by ``detect``) goes through :func:`read_limited`, so that ``/dev/zero``, a FIFO,
a device or a 5 GB file named ``fly.toml`` (or ``baseline = "/dev/zero"`` in a config) is an
error that names the file, never a hang or all the machine's memory.

How: the path is ``stat``-ed first (a device is never opened), then opened non-blocking (opening
a FIFO cannot hang) and checked again on the open descriptor (the file cannot be swapped for
another between the check and the read), and at most ``limit + 1`` bytes are read.
"""

from __future__ import annotations

import errno
import os
import stat

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(OSError):
    """The file is not a regular file or is larger than allowed; ``strerror`` says which."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(code, reason)


def describe_mode(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def check_regular(st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(errno.EINVAL, f"not a regular file ({describe_mode(st.st_mode)})")


def too_large(limit: int) -> FileRefused:
    return FileRefused(errno.EFBIG, f"file is larger than {human_size(limit)} (the limit for this kind of file)")


def human_size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KiB"
    return f"{n} bytes"


def _open_regular(path: str) -> int:
    check_regular(os.stat(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        check_regular(os.fstat(fd))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_head(path: str, n: int) -> bytes:
    """The first ``n`` bytes (or fewer) of the regular file ``path``."""
    fd = _open_regular(path)
    try:
        return os.read(fd, n)
    finally:
        os.close(fd)


def read_limited(path: str, limit: int) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file ``path`` (at most ``limit``) and its ``stat``.

    Raises :class:`FileRefused` (an ``OSError``) for anything that is not a regular file or is
    larger than ``limit``, and the usual ``OSError`` when it cannot be opened or read.
    Symbolic links are followed (to a regular file only).
    """
    fd = _open_regular(path)
    try:
        st = os.fstat(fd)
        if st.st_size > limit:
            raise too_large(limit)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:  # grew while being read
            raise too_large(limit)
        return b"".join(chunks), st
    finally:
        os.close(fd)


def read_text_limited(path: str, limit: int) -> str:
    """:func:`read_limited` decoded as UTF-8 (a BOM is dropped); ``UnicodeDecodeError`` otherwise."""
    data, _ = read_limited(path, limit)
    return data.decode("utf-8-sig")


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and
    ``os.replace``, so a reader never sees half a file. Refuses a symbolic link or a
    non-regular file at ``path`` (``OSError``)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISLNK(st.st_mode):
        raise FileRefused(errno.ELOOP, "a symbolic link; not writing through it")
    if st is not None:
        check_regular(st)
    tmp = write_temp(path, data, st)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


def write_temp(dest: str, data: bytes, st: os.stat_result | None) -> str:
    """Write ``data`` in full (flushed and synced) to a new temporary file beside ``dest``, with
    the mode and, where allowed, the owner of ``st`` (the file it will replace), or the mode a
    new file gets; return its path. ``mkstemp`` creates it exclusively, never through a link."""
    import tempfile  # only when writing: it pulls in shutil, random and the compression modules (~4 ms)

    directory = os.path.dirname(os.path.abspath(dest))
    fd, tmp = tempfile.mkstemp(prefix=".flylint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if hasattr(os, "chown") and (st.st_uid, st.st_gid) != _owner(tmp):
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass  # not allowed to keep the owner (not root): the file becomes ours
        else:
            os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _owner(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
