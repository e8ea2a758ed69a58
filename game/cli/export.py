"""`fanzha export`: one student's results as a `fanzha-results/1` JSON file.

    fanzha export --profile 小明 [--class "四(1)班"] [--out FILE]   (--out - : to stdout)
    fanzha export --all --out FOLDER      every profile on this PC, one file each

Without --out the file goes to the current folder, named after the class,
the name (made safe: a name never becomes a path) and the profile's uid (two
profiles never share a file name)."""

from __future__ import annotations

import sys
from pathlib import Path

from game.results import exports as results
from game.engine.library import default_folders, load_library
from game.progress.store import ProfileError
from game.cli.common import open_store, pick_profile
from game.engine.untrusted import json_text, visible_line


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
        written: set[str] = set()
        for p in profiles:
            target = folder / _unused(results.file_name(p), written)
            try:
                results.write(results.build(store.progress(p, library)), target)
            except OSError as exc:  # a full disk, a folder it may not write
                print(f"写不了 {visible_line(str(target))}：{exc.strerror or exc}。已经导出的文件都是完整的。", file=sys.stderr)
                return 1
            print(f"已导出「{visible_line(p.label)}」：{visible_line(str(target))}")
        return 0
    try:
        profile = pick_profile(store, args.profile, args.class_name, create=False)
    except ProfileError as exc:
        print(exc, file=sys.stderr)
        return 2
    doc = results.build(store.progress(profile, library))
    if args.out == "-":
        sys.stdout.write(json_text(doc, indent=2) + "\n")
        return 0
    target = Path(args.out) if args.out else Path(results.file_name(profile))
    try:
        results.write(doc, target)
    except OSError as exc:
        print(f"写不了 {visible_line(str(target))}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"已导出「{visible_line(profile.label)}」的成绩：{visible_line(str(target))}")
    return 0


def _unused(name: str, written: set[str]) -> str:
    """The name, or the name with -2, -3… when this run has written it already
    (in any letter case: Windows does not tell Li from li). Names carry the
    profile's uid, so this only happens if two uids begin alike."""
    stem, suffix = name.rsplit(".", 1)
    n, candidate = 1, name
    while candidate.casefold() in written:
        n += 1
        candidate = f"{stem}-{n}.{suffix}"
    written.add(candidate.casefold())
    return candidate
