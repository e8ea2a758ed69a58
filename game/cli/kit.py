"""`fanzha kit --out DIR`: the offline kit for a school lab, made once on a PC
with internet and carried on a USB stick to forty PCs without it.

DIR gets the game's own wheel (built from this source tree, or repacked from
the installed package), every wheel it needs for Windows x64, Linux x64 and
Linux arm64 on Python 3.10–3.13 (downloaded through pip's configured index, so
a mirror set in pip's config is used), and install.bat / install.sh, which
install with no network into their own environment and leave a 反诈大冒险
shortcut on the desktop (a launcher on Linux). Python itself is not in the kit."""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.metadata
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import game

# Folder name in the kit -> the pip --platform tags it stands for.
PLATFORMS = {
    "win_amd64": ("win_amd64",),
    "manylinux_x86_64": ("manylinux2014_x86_64", "manylinux_2_28_x86_64"),
    "manylinux_aarch64": ("manylinux2014_aarch64", "manylinux_2_28_aarch64"),
}
REQUIRED = ("win_amd64", "manylinux_x86_64")  # arm64 only where wheels exist
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
FILES = Path(__file__).with_name("kit_files")  # install.bat, install.sh, install_kit.py, 说明.txt
PIP_TIMEOUT = 900


def source_root() -> Path | None:
    """The source tree this game runs from, when it is one (a checkout)."""
    root = Path(game.__file__).resolve().parent.parent
    project = root / "pyproject.toml"
    if project.is_file() and 'name = "fanzha"' in project.read_text(encoding="utf-8"):
        return root
    return None


def game_wheel(dest: Path) -> Path:
    """The game's wheel in dest: built from the source tree, or repacked from
    the installed package when there is no source (a teacher's pip install)."""
    dest.mkdir(parents=True, exist_ok=True)
    root = source_root()
    if root is None:
        return repack_installed(dest)
    # With hatchling here, build with it; else pip fetches it through the index.
    isolation = ["--no-build-isolation"] if _has("hatchling") else []
    before = set(dest.glob("fanzha-*.whl"))
    _pip(["wheel", "--no-deps", *isolation, "-q", "-w", str(dest), str(root)])
    built = sorted(set(dest.glob("fanzha-*.whl")) - before) or sorted(dest.glob("fanzha-*.whl"))
    return built[-1]


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def repack_installed(dest: Path) -> Path:
    """A wheel of the installed distribution, from the files its RECORD lists."""
    dist = importlib.metadata.distribution("fanzha")
    info = f"fanzha-{dist.version}.dist-info"
    skip = {f"{info}/RECORD", f"{info}/INSTALLER", f"{info}/REQUESTED", f"{info}/direct_url.json"}
    wheel = dest / f"fanzha-{dist.version}-py3-none-any.whl"
    record = io.StringIO()
    rows = csv.writer(record, lineterminator="\n")
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
        for f in dist.files or ():
            name = str(f).replace("\\", "/")
            if name in skip or name.startswith("..") or "__pycache__" in name or name.endswith(".pyc"):
                continue
            data = f.locate().read_bytes()
            z.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
            rows.writerow([name, f"sha256={digest}", len(data)])
        rows.writerow([f"{info}/RECORD", "", ""])
        z.writestr(f"{info}/RECORD", record.getvalue())
    return wheel


def _pip(args: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True, timeout=PIP_TIMEOUT)


def download(wheel: Path, folder: Path, tags: tuple[str, ...], python: str) -> bool:
    """Every wheel the game needs on this platform and Python, into folder."""
    platforms = [arg for tag in tags for arg in ("--platform", tag)]
    try:
        _pip([
            "download", "-q", "--only-binary=:all:", *platforms, "--python-version", python,
            "--implementation", "cp", "-d", str(folder), str(wheel),
        ])
    except subprocess.CalledProcessError:
        return False
    return True


def build_kit(out: Path, platforms=tuple(PLATFORMS), pythons=PYTHONS) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        built = game_wheel(Path(tmp))
        gaps: list[str] = []
        for name in platforms:
            folder = out / "wheels" / name
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy2(built, folder / built.name)
            for python in pythons:
                print(f"下载 {name} · Python {python} 用的安装包……", file=sys.stderr)
                if not download(folder / built.name, folder, PLATFORMS[name], python):
                    gaps.append(f"{name} · Python {python}")
    for f in FILES.iterdir():
        if f.is_file():
            data = f.read_bytes()
            if f.suffix == ".bat":  # cmd wants CRLF line endings
                data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            (out / f.name).write_bytes(data)
    (out / "install.sh").chmod(0o755)
    manifest = {
        "format": "fanzha-kit/1", "game": built.name, "platforms": list(platforms), "pythons": list(pythons),
        "missing": gaps,
    }
    (out / "kit.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def run(args) -> int:
    out = Path(args.out)
    platforms = tuple(args.platform or PLATFORMS)
    pythons = tuple(args.python or PYTHONS)
    try:
        manifest = build_kit(out, platforms, pythons)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"做不成离线安装包：{exc}", file=sys.stderr)
        return 1
    missing = manifest["missing"]
    for gap in missing:
        print(f"注意：{gap} 缺少安装包（这个平台上可能还没有发布），这类电脑请联网安装。", file=sys.stderr)
    print(f"离线安装包做好了：{out}\n把整个文件夹拷到 U 盘；Windows 电脑双击 install.bat，Linux 电脑运行 sh install.sh。")
    return 1 if any(gap.split(" · ")[0] in REQUIRED for gap in missing) else 0
