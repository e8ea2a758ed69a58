"""Install 反诈大冒险 from this offline kit: its own environment, no network,
none of this PC's pip settings, and a shortcut on the desktop (Windows) or a
launcher (Linux). Run by install.bat / install.sh with Python 3.10 or newer.

    python install_kit.py [--venv DIR] [--desktop DIR] [--no-shortcut]"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "反诈大冒险"


def wheel_folder() -> Path:
    machine = platform.machine().lower()
    if sys.platform == "win32" and machine in ("amd64", "x86_64"):
        name = "win_amd64"
    elif sys.platform.startswith("linux") and machine in ("x86_64", "amd64"):
        name = "manylinux_x86_64"
    elif sys.platform.startswith("linux") and machine in ("aarch64", "arm64"):
        name = "manylinux_aarch64"
    else:
        sys.exit(f"这个安装包没有 {sys.platform} {machine} 用的文件：请联网安装（python -m pip install fanzha 的源码文件夹）。")
    folder = HERE / "wheels" / name
    if not any(folder.glob("fanzha-*.whl")):
        sys.exit(f"安装包不完整：{folder} 里没有游戏的安装文件。")
    return folder


def default_venv() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "fanzha" / "venv"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "fanzha" / "venv"


def venv_python(target: Path) -> Path:
    return target / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def make_venv(target: Path) -> None:
    if venv_python(target).exists():
        print(f"用已有的环境：{target}")
        return
    print(f"新建游戏自己的 Python 环境：{target}")
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(target)
    except (subprocess.CalledProcessError, OSError) as exc:
        hint = "Ubuntu / Debian 请先装：sudo apt install python3-venv" if sys.platform != "win32" else ""
        sys.exit(f"建不了 Python 环境（{exc}）。{hint}")


def install(target: Path, wheels: Path) -> None:
    # No network and none of this PC's pip settings (index, mirror, find-links):
    # only the wheels in the kit.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    print("从安装包里安装游戏（不用联网）……")
    subprocess.run(
        [str(venv_python(target)), "-m", "pip", "install", "--no-index", "--find-links", str(wheels),
         "--disable-pip-version-check", "--upgrade", "fanzha"],
        check=True, env=env,
    )


def windows_desktop() -> Path:
    import ctypes
    from ctypes import wintypes

    buf = ctypes.create_unicode_buffer(wintypes.MAX_PATH)
    ctypes.windll.shell32.SHGetFolderPathW(None, 0x10, None, 0, buf)  # CSIDL_DESKTOPDIRECTORY
    return Path(buf.value) if buf.value else Path.home() / "Desktop"


def linux_desktop() -> Path | None:
    try:
        found = subprocess.run(["xdg-user-dir", "DESKTOP"], capture_output=True, text=True, encoding="utf-8").stdout.strip()
    except OSError:
        found = ""
    for candidate in (found, Path.home() / "桌面", Path.home() / "Desktop"):
        if candidate and Path(candidate).is_dir() and Path(candidate) != Path.home():
            return Path(candidate)
    return None


def shortcut(target: Path, desktop: Path | None) -> None:
    if sys.platform == "win32":
        exe = target / "Scripts" / "fanzha.exe"
        desktop = desktop or windows_desktop()
        link = desktop / f"{NAME}.lnk"
        ps = (
            "$s = (New-Object -ComObject WScript.Shell).CreateShortcut($env:FANZHA_LINK); "
            "$s.TargetPath = $env:FANZHA_EXE; $s.WorkingDirectory = $env:USERPROFILE; $s.Save()"
        )
        env = dict(os.environ, FANZHA_LINK=str(link), FANZHA_EXE=str(exe))
        made = subprocess.run(["powershell", "-NoProfile", "-Command", ps], env=env).returncode == 0
        if not made:  # no PowerShell: a small batch file does the same
            link = desktop / f"{NAME}.bat"
            link.write_text(f'@echo off\r\n"{exe}"\r\n', encoding="mbcs")
        print(f"桌面上有了「{NAME}」：{link}")
        return
    exe = target / "bin" / "fanzha"
    bin_dir = Path.home() / ".local" / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    launcher = bin_dir / "fanzha"
    if launcher.is_symlink() or launcher.exists():
        launcher.unlink()
    launcher.symlink_to(exe)
    entry = (
        "[Desktop Entry]\nType=Application\n"
        f"Name={NAME}\nComment=防电信网络诈骗文字冒险游戏\nExec={exe}\nTerminal=true\nCategories=Education;Game;\n"
    )
    apps = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    (apps / "fanzha.desktop").write_text(entry, encoding="utf-8")
    places = [f"命令 fanzha（{launcher}）", f"应用菜单里的「{NAME}」"]
    desktop = desktop or linux_desktop()
    if desktop is not None:
        icon = desktop / "fanzha.desktop"
        icon.write_text(entry, encoding="utf-8")
        icon.chmod(0o755)
        places.append(f"桌面上的「{NAME}」")
    print("可以这样打开游戏：" + "；".join(places))


def main() -> int:
    parser = argparse.ArgumentParser(description="从离线安装包安装反诈大冒险")
    parser.add_argument("--venv", type=Path, default=None, help="游戏环境放在哪里")
    parser.add_argument("--desktop", type=Path, default=None, help="快捷方式放在哪个文件夹（默认：桌面）")
    parser.add_argument("--no-shortcut", action="store_true", help="不放快捷方式")
    args = parser.parse_args()
    target = args.venv or default_venv()
    wheels = wheel_folder()
    make_venv(target)
    try:
        install(target, wheels)
    except subprocess.CalledProcessError:
        print("安装没有成功：安装包里缺少这台电脑的 Python 版本需要的文件。请在能上网的电脑上重新运行 fanzha kit。", file=sys.stderr)
        return 1
    if not args.no_shortcut:
        shortcut(target, args.desktop)
    print(f"装好了！{NAME} 的检查命令：{target / ('Scripts' if sys.platform == 'win32' else 'bin') / 'fanzha'} doctor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
