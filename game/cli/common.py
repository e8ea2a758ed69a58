"""What several commands share: opening the progress store and picking a profile."""

from __future__ import annotations

import sys

from game.engine.untrusted import visible, visible_line
from game.progress.store import Profile, ProfileError, Store


def open_store(data_dir) -> Store:
    """Open the store and print its notices (moved-aside file, not saving...) to stderr."""
    store = Store.open(data_dir)
    for message in store.take_notices():
        print(visible(message), file=sys.stderr)
    return store


def pick_profile(
    store: Store, name: str | None, class_name: str | None, create: bool, audience: str | None = None
) -> Profile:
    """The profile named on the command line (created when `create` and missing,
    with `audience` when given); without a name, the current one or the only
    one. Raises ProfileError."""
    if audience is not None and name is None:
        raise ProfileError("--audience 要和 --profile 一起用：说明是谁的档案。")
    if name is not None:
        if create:
            return store.get_or_create(name, class_name, audience)[0]
        found = store.find_profiles(name, class_name)
        if not found:
            raise ProfileError(f"没有叫「{visible_line(name)}」的档案。{_known(store)}")
        if len(found) > 1:
            classes = "、".join(visible_line(p.class_name) or "（没有班级）" for p in found)
            raise ProfileError(f"有好几个叫「{name}」的档案（{classes}），请用 --class 说明是哪个班的")
        return found[0]
    current = store.current_profile()
    if current is not None:
        return current
    profiles = store.profiles()
    if len(profiles) == 1:
        return profiles[0]
    if not profiles:
        raise ProfileError("这台电脑上还没有档案。")
    raise ProfileError(f"这台电脑上有好几个档案，请用 --profile 说明是谁。{_known(store)}")


def _known(store: Store) -> str:
    names = [visible_line(p.label) for p in store.profiles()]  # the database is a file: names in it are shown, never obeyed
    return f"已有的档案：{'、'.join(names)}" if names else "这台电脑上还没有档案。"
