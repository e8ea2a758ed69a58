"""Reading a file someone else made (a scenario, a names list, an export, a
cache entry) in bounded time and memory: only a regular file is read — a
named pipe or a device would block forever or never end — and never more
than the limit: the size is asked first, and at most limit + 1 bytes are
read, however large the file or however it grows."""

from __future__ import annotations

import os
import stat


MAX_SCENARIO_BYTES = 1_000_000  # the largest scenario file read at all


class ReadError(Exception):
    """The file cannot be read as asked; the message is for the user."""


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _regular(st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = "文件夹" if stat.S_ISDIR(st.st_mode) else "管道或设备"
        raise ReadError(f"这是一个{kind}，不是普通文件，不读它")


def _too_big(size: int, limit: int) -> ReadError:
    return ReadError(f"文件太大（{size:,} 字节），上限是 {limit:,} 字节")


def read_limited(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; ReadError
    otherwise, or when it cannot be read (the message says why)."""
    try:
        _regular(os.stat(path))  # before opening: opening a pipe would wait for a writer
        fd = os.open(path, _FLAGS)  # O_NONBLOCK: if a pipe was put there since, opening it does not wait
    except OSError as exc:
        raise ReadError(f"读不了这个文件：{exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        _regular(st)
        if st.st_size > limit:
            raise _too_big(st.st_size, limit)
        with os.fdopen(fd, "rb", closefd=False) as f:
            # The size as asked, plus one byte to see whether it grew since;
            # asking for limit + 1 at once would allocate that much every time.
            data = f.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += f.read(limit - len(data) + 1)
    except OSError as exc:
        raise ReadError(f"读不了这个文件：{exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _too_big(len(data), limit)
    return data
