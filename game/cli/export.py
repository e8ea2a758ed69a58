"""`fanzha export`: one student's results as a `fanzha-results/1` JSON file.

    fanzha export --profile 小明 [--class "四(1)班"] [--out FILE]   (--out - : to stdout)
    fanzha export --all --out FOLDER      every profile on this PC, one file each
    fanzha export --all --class 四(1)班 --out FOLDER     only that class

--all leaves out profiles that never played a case nor took a 辨一辨 (the
game makes one when it opens): they are no pupils. --class matches the way a
teacher would, after NFKC and whitespace folding (四(1)班 is 四（1）班); with
no match it lists the classes there are and exits 1.

Without --out the file goes to the current folder, named after the class,
the name (made safe: a name never becomes a path) and the profile's uid (two
profiles never share a file name)."""

from __future__ import annotations

import sys
from pathlib import Path

from game.results import exports as results
from game.engine.library import cached_library
from game.progress import policy
from game.progress.store import ProfileError
from game.cli.common import open_store, pick_profile
from game.engine.untrusted import json_text, visible_line


def run(args) -> int:
    store = open_store(args.data_dir)
    library = cached_library(args.scenarios, args.data_dir)
    if args.all:
        if args.profile is not None:
            print("--all 和 --profile 不能一起用。", file=sys.stderr)
            return 2
        return _export_all(store, library, Path(args.out or "."), args.class_name)
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


def _export_all(store, library, folder: Path, class_name: str | None) -> int:
    if folder.exists() and not folder.is_dir():
        print(f"--all 要把文件写进一个文件夹，{visible_line(str(folder))} 不是文件夹。", file=sys.stderr)
        return 2
    pupils = [(p, store.progress(p, library)) for p in store.profiles()]
    blank = sum(not progress.has_results() for _, progress in pupils)
    pupils = [(p, progress) for p, progress in pupils if progress.has_results()]
    if blank:
        print(f"{blank} 个空白档案（没玩过案例、也没做过辨一辨）没有导出。", file=sys.stderr)
    if class_name is not None:
        wanted = policy.class_key(class_name)
        chosen = [(p, progress) for p, progress in pupils if policy.class_key(p.class_name) == wanted]
        if not chosen:
            classes = sorted({p.class_name for p, _ in pupils})
            found = "、".join(visible_line(c) or "（没填班级）" for c in classes) if classes else "没有"
            print(f"没有「{visible_line(class_name)}」的档案。这台电脑上有成绩的班级：{found}", file=sys.stderr)
            return 1
        pupils = chosen
    if not pupils:
        print("这台电脑上还没有玩过案例或做过辨一辨的档案。", file=sys.stderr)
        return 1
    written: set[str] = set()
    for p, progress in pupils:
        target = folder / _unused(results.file_name(p), written)
        try:
            results.write(results.build(progress), target)
        except OSError as exc:  # a full disk, a folder it may not write
            print(f"写不了 {visible_line(str(target))}：{exc.strerror or exc}。已经导出的文件都是完整的。", file=sys.stderr)
            return 1
        print(f"已导出「{visible_line(p.label)}」：{visible_line(str(target))}")
    return 0
