"""`fanzha export`: one student's results as a `fanzha-results/1` JSON file.

    fanzha export --profile 小明 [--class "四(1)班"] [--out FILE]   (--out - : to stdout)
    fanzha export --all --out FOLDER      every profile on this PC, one file each

Without --out the file goes to the current folder, named after the class and
the name (made safe: a name never becomes a path)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.results import exports as results
from game.engine.library import default_folders, load_library
from game.progress.store import ProfileError
from game.cli.common import open_store, pick_profile


def run(args) -> int:
    store = open_store(args.data_dir)
    library = load_library(default_folders(args.scenarios, args.data_dir))
    if args.all:
        if args.profile is not None:
            print("--all 和 --profile 不能一起用。", file=sys.stderr)
            return 2
        folder = Path(args.out or ".")
        if folder.exists() and not folder.is_dir():
            print(f"--all 要把文件写进一个文件夹，{folder} 不是文件夹。", file=sys.stderr)
            return 2
        profiles = store.profiles()
        if not profiles:
            print("这台电脑上还没有档案。", file=sys.stderr)
            return 1
        for p in profiles:
            target = folder / results.file_name(p)
            results.write(results.build(store.progress(p, library)), target)
            print(f"已导出「{p.label}」：{target}")
        return 0
    try:
        profile = pick_profile(store, args.profile, args.class_name, create=False)
    except ProfileError as exc:
        print(exc, file=sys.stderr)
        return 2
    doc = results.build(store.progress(profile, library))
    if args.out == "-":
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    target = Path(args.out) if args.out else Path(results.file_name(profile))
    try:
        results.write(doc, target)
    except OSError as exc:
        print(f"写不了 {target}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"已导出「{profile.label}」的成绩：{target}")
    return 0
