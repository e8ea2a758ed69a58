"""`fanzha doctor`: tells a school's IT person, in plain words, whether this
machine is ready — Python and packages, the terminal, the encoding, the data
folder, the scenarios, and how long the game takes to show its first screen.
Exit 0 when ready."""

from __future__ import annotations

import locale
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata

from game import __version__
from game.engine import paths
from game.engine.untrusted import visible

SLOW_START = 3.0  # seconds to the first screen that an old lab PC may take
FIRST_PAINT = """
from textual.app import App
import game.ui.app as m
class Once(m.FanzhaApp):
    CSS_PATH = m.__file__.rsplit(".", 1)[0] + ".tcss"
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.exit)
Once().run(headless=True, size=(80, 24))
"""


@dataclass
class Finding:
    ok: bool | None  # None: a warning, not a failure
    what: str
    detail: str

    def line(self) -> str:
        # In words, the symbol beside them: a GBK console cannot show ✔ ✘ ⚠.
        mark = {True: "✔【正常】", False: "✘【不行】", None: "⚠【注意】"}[self.ok]
        return f"{mark}{self.what}：{self.detail}"


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def check_python() -> list[Finding]:
    v = sys.version_info
    out = [Finding(v >= (3, 10), "Python", f"{sys.version.split()[0]}（需要 3.10 或更新）")]
    for name, needed in (("textual", True), ("PyYAML", True), ("platformdirs", True), ("rich", True)):
        found = _version(name)
        out.append(Finding(bool(found) if needed else None, name, found or "没有安装：请重新运行 pip install ."))
    try:
        from yaml import CSafeLoader  # noqa: F401

        out.append(Finding(True, "YAML 读取", "使用 C 加速"))
    except ImportError:
        out.append(Finding(None, "YAML 读取", "没有 C 加速，剧本多时检查会慢一些（可以正常玩）"))
    return out


def check_terminal() -> list[Finding]:
    out = []
    tty = sys.stdout.isatty()
    size = shutil.get_terminal_size((0, 0))
    if not tty:
        out.append(Finding(None, "终端", "输出不是交互式终端：游戏会用 --plain 纯文字方式"))
    elif size.columns < 80 or size.lines < 24:
        out.append(Finding(None, "终端大小", f"{size.columns}×{size.lines}，建议至少 80×24（最小可到 40×12）"))
    else:
        out.append(Finding(True, "终端大小", f"{size.columns}×{size.lines}"))
    term = os.environ.get("TERM", "")
    if os.environ.get("NO_COLOR"):
        out.append(Finding(True, "颜色", "设置了 NO_COLOR：游戏不用颜色，所有提示都有文字和符号"))
    elif term == "dumb":
        out.append(Finding(None, "颜色", "TERM=dumb：这个终端不能显示游戏画面，会用 --plain 纯文字方式"))
    else:
        colors = "真彩色" if os.environ.get("COLORTERM") in ("truecolor", "24bit") else "普通颜色"
        out.append(Finding(True, "颜色", f"{colors}（TERM={term or '未设置'}）"))
    return out


def _system_encoding() -> str:
    # What open() would use without encoding= (GBK on Chinese Windows); the
    # game never relies on it, but it explains odd files from other programs.
    getencoding = getattr(locale, "getencoding", None)  # Python 3.11+
    return getencoding() if getencoding else locale.getpreferredencoding(False)


def check_encoding() -> Finding:
    enc = (getattr(sys.stdout, "encoding", None) or "").lower()
    try:
        "反诈大冒险".encode(enc or "ascii")
        return Finding(True, "中文编码", f"输出编码 {enc}，系统默认 {_system_encoding()}")
    except (LookupError, UnicodeEncodeError):
        return Finding(False, "中文编码", f"输出编码 {enc or '未知'} 显示不了中文：Windows 上请用 Windows Terminal，或先运行 chcp 65001")


def check_data_dir(override) -> Finding:
    folder = paths.data_dir(override)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-", delete=True) as f:
            f.write(b"ok")
        return Finding(True, "数据文件夹", f"{folder}（可以写入，进度会保存）")
    except OSError as exc:
        return Finding(False, "数据文件夹", f"{folder} 写不进去（{exc.strerror or exc}）：游戏能玩，但进度不会保存")


def check_scenarios(args) -> list[Finding]:
    from game.engine.cache import CheckCache
    from game.engine.library import default_folders, load_library

    lib = load_library(default_folders(args.scenarios, args.data_dir), cache=CheckCache.default(args.data_dir), lazy=True)
    broken = [f for f in lib.files if not f.ok]
    out = [Finding(bool(lib.infos), "剧本", f"{len(lib.infos)} 个可以玩")]
    if broken:
        names = "、".join(f.path.name for f in broken[:5]) + ("……" if len(broken) > 5 else "")
        out.append(Finding(None, "有错误的剧本", f"{len(broken)} 个（{names}）：运行 fanzha check 查看详情"))
    return out


def check_first_paint() -> Finding:
    env = {**os.environ, "FANZHA_PACE": "0"}
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", FIRST_PAINT], env=env, capture_output=True, timeout=60,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return Finding(False, "打开速度", "一分钟还没打开第一个画面")
    took = time.perf_counter() - start
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["原因不明"]
        return Finding(False, "打开速度", f"游戏界面启动失败：{tail[0]}")
    return Finding(True if took <= SLOW_START else None, "打开速度", f"{took:.2f} 秒显示第一个画面")


def run(args) -> int:
    print(f"反诈大冒险 {__version__} · 体检\n")
    findings = [*check_python(), *check_terminal(), check_encoding(), check_data_dir(args.data_dir)]
    findings += check_scenarios(args)
    findings.append(check_first_paint())
    for f in findings:
        print(visible(f.line()))  # file names of broken scenarios come from the folder
    failed = [f for f in findings if f.ok is False]
    print()
    if failed:
        print(f"还没准备好：{len(failed)} 项需要处理（见上面标着【不行】的）。")
        return 1
    print("准备好了：这台电脑可以玩反诈大冒险。")
    return 0
