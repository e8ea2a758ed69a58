"""A browser tab's first screen: who is playing?

A tab of `fanzha serve` opens here, not on the title: a name (with the class
when two pupils share it) plays as that profile, made if new; 匿名 plays as a
new anonymous profile, for this tab alone. The choice is the tab's own: it
never becomes the PC's current profile, so another tab never continues this
one's game. Once answered, the app shows the title (FanzhaApp.player_known).

Asked first, and on its own screen, because it is the only thing a pupil can
do before answering: forty tabs opened at once each build just this form, and
the title is built when its pupil gets to it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen

from game.ui.styles import styles
from game.ui.widgets.profile_form import ProfileForm

HEAD = Content.assemble(
    ("反 诈 大 冒 险", "bold $accent"),
    "\n\n",
    ("谁在玩？", "bold"),
    "\n写上你的名字按回车：同一个名字接着上次的进度。\n不想写名字就按“匿名”：只在这个标签页里玩。",
)


class WhoIsPlayingScreen(Screen):
    CSS_PATH = styles("whoplays.tcss", ProfileForm)

    def compose(self) -> ComposeResult:
        yield ProfileForm(HEAD, "开始（回车）", "匿名（Esc）", enter_saves=True, id="profile-form")

    def on_profile_form_saved(self, event: ProfileForm.Saved) -> None:
        event.stop()
        self.run_worker(self._named(event.form, event.name, event.class_name, event.audience),
                        group="who", exclusive=True)

    def on_profile_form_cancelled(self, event: ProfileForm.Cancelled) -> None:
        event.stop()
        self.run_worker(self._anonymous(event.form), group="who", exclusive=True)

    async def _named(self, form: ProfileForm, name: str, class_name: str, audience: str) -> None:
        from game.progress.store import ProfileError

        if not name.strip():
            form.show_error("写上名字，或者按“匿名”。")
            return
        store = await self.app.opened_store()
        try:
            profile = tab_player(store, name, class_name, audience)
        except ProfileError as exc:
            form.show_error(str(exc))
            return
        except Exception as exc:  # a store that cannot be written
            form.show_error(f"没能打开档案：{exc}")
            return
        self.app.player_known(profile)

    async def _anonymous(self, form: ProfileForm) -> None:
        store = await self.app.opened_store()
        try:
            profile = store.create_profile(audience=form.values[2])
        except Exception as exc:
            form.show_error(f"没能开始：{exc}")
            return
        self.app.player_known(profile)


def tab_player(store, name: str, class_name: str, audience: str):
    """The profile a browser tab plays as, by name (and class, compared as a
    teacher would: 四(1)班 is 四（1）班); a new one, of `audience`, when there
    is none. A profile found keeps its own audience."""
    from game.progress import policy
    from game.progress.store import ProfileError

    found = store.find_profiles(name)
    if class_name.strip():
        found = [p for p in found if policy.class_key(p.class_name) == policy.class_key(class_name)]
    if len(found) > 1:
        classes = "、".join(p.class_name or "（没有班级）" for p in found)
        raise ProfileError(f"有好几个叫「{found[0].name}」的档案（{classes}）：请写上班级。")
    if found:
        return found[0]
    return store.create_profile(name, class_name, audience)
