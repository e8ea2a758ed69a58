#!/bin/sh
# fanzha offline installer for Linux (Ubuntu, Debian, 统信 UOS, 麒麟):
# finds Python 3.10 or newer and runs install_kit.py beside this file.
HERE=$(cd "$(dirname "$0")" && pwd)
for PY in python3.13 python3.12 python3.11 python3.10 python3; do
  if command -v "$PY" >/dev/null 2>&1 && "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
    exec "$PY" "$HERE/install_kit.py" "$@"
  fi
done
echo "没有找到 Python 3.10 或更新的版本。" >&2
echo "Ubuntu / Debian：sudo apt install python3 python3-venv；其他系统见 说明.txt。" >&2
exit 1
