"""The profile form: a name, a class and who this is (小学 unless changed),
with a button to go on and one to back out.

Used by 新建档案 and 改名字 (a dialog over the profile list) and by a browser
tab's first screen, "who is playing?". The form only collects what was
typed: the screen holding it decides what its two buttons mean, and shows
what went wrong with `show_error`. Few widgets on purpose: it is the first
screen of every tab, and forty tabs open at once in a class."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from game.progress.profiles import MAX_NAME
from game.ui.styles import beside
from game.ui.widgets.audience import AudienceChoice

AUDIENCE_HINT = "决定哪些案例算进你的进度：小学生选“小学”，老师选“教职工”。"


class ProfileForm(Vertical):
    STYLESHEETS = beside(__file__, "profile_form.tcss", AudienceChoice)
    BINDINGS = [
        Binding("enter", "save", "下一项 / 保存", key_display="回车", show=False),
        Binding("escape", "cancel", "取消", key_display="Esc", show=False),
    ]

    class Saved(Message):
        """保存 (or 开始): what the form holds."""

        def __init__(self, form: ProfileForm, name: str, class_name: str, audience: str) -> None:
            super().__init__()
            self.form = form
            self.name = name
            self.class_name = class_name
            self.audience = audience

        @property
        def control(self) -> ProfileForm:
            return self.form

    class Cancelled(Message):
        """取消 (or 匿名): Esc or the second button."""

        def __init__(self, form: ProfileForm) -> None:
            super().__init__()
            self.form = form

        @property
        def control(self) -> ProfileForm:
            return self.form

    def __init__(
        self, head: Content, save: str, cancel: str, name: str = "", class_name: str = "", audience: str = "",
        enter_saves: bool = False, **kwargs,
    ) -> None:
        """`head`: the form's first lines; `save`, `cancel`: the buttons' words;
        `enter_saves`: Enter in the name field saves (else it moves to the class)."""
        super().__init__(**kwargs)
        self.head = head
        self.labels = (save, cancel)
        self.initial = (name, class_name, audience)
        self.enter_saves = enter_saves

    def compose(self) -> ComposeResult:
        yield Static(self.head, id="form-head")
        with Grid(id="form-fields"):
            yield Static("名字：", classes="form-label", markup=False)
            yield Input(self.initial[0], placeholder="例如 小明", id="form-name", max_length=MAX_NAME, compact=True)
            yield Static("班级：", classes="form-label", markup=False)
            yield Input(self.initial[1], placeholder="例如 四(1)班", id="form-class", max_length=MAX_NAME, compact=True)
            yield Static("我是：", classes="form-label", markup=False)
            yield AudienceChoice(self.initial[2], id="form-audience")
        yield Static(AUDIENCE_HINT, classes="hint", markup=False)
        yield Static("", id="form-error")
        with Horizontal(id="form-buttons"):
            yield Button(Content(self.labels[0]), id="form-save", variant="primary", compact=True)
            yield Button(Content(self.labels[1]), id="form-cancel", compact=True)

    def on_resize(self) -> None:
        # The two buttons side by side need their words and a margin each;
        # a narrower form (a phone, a big ?fontsize) stacks them, so that
        # neither is cut off where a click would miss it.
        need = sum(cell_len(label) + 4 for label in self.labels)
        self.query_one("#form-buttons").set_class(0 < self.content_region.width < need, "-stacked")

    def on_mount(self) -> None:
        if self.app.animation_level == "none":
            for field in self.query(Input):
                field.cursor_blink = False
        if self.app.app_focus:
            self.query_one("#form-name", Input).focus()
        else:  # a browser tab its pupil has not clicked or typed in yet: no cursor blinking meanwhile
            self.watch(self.app, "app_focus", self._app_focused, init=False)

    def _app_focused(self, focused: bool) -> None:
        # At once, not with focus() (which waits a turn): the key that
        # focused the app is on its way to the focused widget.
        if focused and self.screen.focused is None:
            self.screen.set_focus(self.query_one("#form-name", Input))

    @property
    def values(self) -> tuple[str, str, str]:
        """The name, the class and the audience, as typed and chosen."""
        return (
            self.query_one("#form-name", Input).value,
            self.query_one("#form-class", Input).value,
            self.query_one("#form-audience", AudienceChoice).audience,
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "form-name" and not self.enter_saves:
            self.query_one("#form-class", Input).focus()
        else:
            self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self.post_message(self.Saved(self, *self.values))

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self))

    def show_error(self, text: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(Content.styled(f"✘ {text}", "bold $error"))
        error.display = True
