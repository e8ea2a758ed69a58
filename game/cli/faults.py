"""The last line of defence of the `fanzha` command: a fault of the machine
(a full disk, a folder it may not read, a database another program holds, a
system locale that cannot name a Chinese file) that a command did not handle
itself ends in one clear Chinese sentence and exit status 1, never in a
traceback. Each command handles the faults it expects with a better message;
this says at least what happened and what to do."""

from __future__ import annotations

import errno
import os
import sys

from game.engine.untrusted import visible_line

EXIT_FAULT = 1


def explain(exc: BaseException) -> str | None:
    """The sentence for a fault of the machine, or None for anything else (a
    bug: that one should be seen as it is)."""
    if isinstance(exc, UnicodeEncodeError) and exc.encoding.lower() in ("ascii", "us-ascii", "latin-1", "iso8859-1", "iso-8859-1"):
        return (
            "这台电脑的系统语言设置（区域设置）写不了中文文件名或中文文字。"
            "请把区域设置改成 UTF-8（例如 LANG=zh_CN.UTF-8，或设置 PYTHONUTF8=1）再试。"
        )
    if isinstance(exc, OSError):
        where = f"（{visible_line(str(exc.filename))}）" if exc.filename else ""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return f"磁盘满了，写不进去{where}。请清理出一些空间再试。"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"没有权限读写{where}。请换一个文件夹，或者请老师检查这个文件夹的权限。"
        return f"读写文件出错：{exc.strerror or exc}{where}。"
    sqlite3 = sys.modules.get("sqlite3")  # not imported by commands that keep no progress
    if sqlite3 is not None and isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return "存档（progress.db）正被别的程序占用，等了一会儿还是打不开。请关掉别的反诈大冒险窗口或占用它的程序再试。"
        if "full" in text:
            return "磁盘满了，存档写不进去。请清理出一些空间再试。"
        return f"存档读写出错：{exc}。"
    if isinstance(exc, MemoryError):
        return "内存不够了：文件可能太大。"
    return None


def silence_stdout() -> None:
    """After standard output failed (a full disk, a closed pipe), point it at
    nothing, so the interpreter's last flush on the way out fails no more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file: nothing to flush
        pass
