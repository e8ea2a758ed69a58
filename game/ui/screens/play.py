"""Playing one scenario: the conversation appears at a readable pace, the
choices are numbered, and money and exposed information are always in view.
At any moment a message can be marked as suspicious: clicked in the story, or
picked from the list `x` opens. Marking never holds the story up, and whether
a mark is right is told only at the ending.

The screen only draws; the engine's `Playthrough` decides. Every move is saved
(`save_resume`) so a crash or a closed window resumes at the last choice."""

from __future__ import annotations

from collections import deque

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static

from game.engine.marks import verdict
from game.engine.play import Playthrough, PlayError
from game.engine.pacing import line_time, reading_time, typing_words, urgency_of
from game.engine.vocab import channel
from game.ui.widgets.choices import FORM, ChoiceList
from game.ui.widgets.status import ChannelBar, StatusBar
from game.ui.widgets.transcript import MarkClicked, Ref, Transcript
from game.ui.widgets.web import WebForm
from game.ui.widgets.keybar import KeyBar
from game.ui.screens.settled import SettledScreen
from game.ui.styles import styles


class PlayScreen(SettledScreen):
    CSS_PATH = styles("play.tcss", Transcript, WebForm, StatusBar, ChannelBar, ChoiceList)
    # The choices hold the focus from the start (even while they are empty),
    # so number keys and space reach this screen, never the form's field.
    AUTO_FOCUS = "#choices"
    BINDINGS = [
        Binding("1", "choose(1)", "选择", key_display="1-9"),
        *[Binding(str(n), f"choose({n})", show=False) for n in range(2, 10)],
        Binding("space", "show_all", "全部显示", key_display="空格"),
        Binding("enter", "see_outcome", "看结局", key_display="回车", priority=True),
        Binding("s", "show_all", show=False),
        Binding("f", "fill", "填表"),
        Binding("x", "mark", "标记可疑"),
        Binding("exclamation_mark", "mark", "标记可疑", show=False),
        Binding("u", "undo", "退一步"),
        Binding("backspace", "undo", show=False),
        Binding("escape", "back", "返回"),
        Binding("pageup", "scroll_story(-1)", show=False, priority=True),
        Binding("pagedown", "scroll_story(1)", show=False, priority=True),
    ]
    # The bar keeps one line on an 80-column terminal: a bar that grows when
    # the focus moves shifts the page under the mouse. F2 and q still work.
    KEYBAR_OMIT = ("toggle_theme", "quit_confirm")

    def __init__(self, play: Playthrough, pace_now: bool = True) -> None:
        """`pace_now`: type the current moment out again (False when it was
        just on screen, as when presenter mode is switched off)."""
        super().__init__()
        self.play = play
        self._pace_now = pace_now
        self.scenario = play.scenario
        self._pending: deque = deque()
        self._generation = 0  # bumps on every new moment; stale timers check it
        self._ready = False  # all messages of the moment shown, choices offered
        self._recorded = -1  # the step count at which the ending was recorded
        self._keys_state: tuple = ()
        self._outcome_due = False  # an ending was reached, its outcome not yet shown

    def compose(self) -> ComposeResult:
        yield ChannelBar(id="channel-bar")
        yield StatusBar(id="status")
        yield Transcript(id="transcript")
        yield Static("", id="typing")
        with Vertical(id="actions"):
            yield WebForm(id="form")
            yield ChoiceList(id="choices")
        yield KeyBar()

    def on_mount(self) -> None:
        # Quitting while the screen mounts (the app closing, or a test ending
        # as the case opens) removes it before its children mount: nothing to
        # draw then, and querying them would fail.
        if getattr(self, "_pruning", False) or getattr(self, "_closing", False):
            return
        self._fit()
        self.rebuild(pace_now=self._pace_now)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # A small terminal keeps the story and the choices; the bars give way.
        self.set_class(self.size.height < 20 or self.size.width < 60, "-small")

    # -- drawing ----------------------------------------------------------------
    def rebuild(self, pace_now: bool) -> None:
        """Draw the whole story so far; pace only the moment the player is at."""
        transcript = self.query_one(Transcript)
        transcript.clear()
        self._recorded = -1
        visited, steps = self.play.visited, self.play.steps
        for i, node in enumerate(visited[:-1]):
            for n, message in enumerate(node.messages):
                transcript.add(self.scenario, node, message, (node.id, n), self.play.is_marked(node.id, n))
            transcript.add_choice(self._step_text(node, steps[i]))
        self._show_stakes()
        self._enter(pace_now)

    @staticmethod
    def _step_text(node, step) -> str:
        if step.text is not None:
            label = node.input.label if node.input else "表单"
            return f"在「{label}」里填写了 {step.text}"
        return node.choices[step.choice].text

    def _enter(self, paced: bool) -> None:
        """Start showing the current moment."""
        self._generation += 1
        self._ready = False
        node = self.play.node
        self.query_one(ChannelBar).show(self.scenario, node)
        paced = paced and self.app.pace > 0
        if paced or self.play.ended:
            # Emptied while the lines appear, not hidden: hiding the focused
            # list would move the focus away and back on every move. Unpaced,
            # the new choices replace the old ones in this same handler.
            self.query_one(ChoiceList).show([])
        form = self.query_one(WebForm)
        if form.display and node.input is None:
            form.display = False
        countdown = self.query_one(StatusBar).countdown
        deadline = next((s for s in map(urgency_of, node.messages) if s), None)
        if deadline:
            countdown.start(deadline)
        elif node.ending or node.channel == "narration":
            # A deadline belongs to its scene: an ending, or a moment told by
            # the narrator ("第二天", "两周后"), is past it.
            countdown.clear()
        self._pending = deque(enumerate(node.messages))
        if paced:
            self._reveal_next(self._generation)
        else:
            self._flush()

    def _reveal_next(self, generation: int) -> None:
        if generation != self._generation:
            return
        shown = self._pending.popleft() if self._pending else None
        if shown is not None:
            self._show_message(*shown)
        if self._pending:
            self._typing(self._pending[0][1])
            self._update_keys()
            wait = line_time(shown[1].text, self.app.pace) if shown is not None else self.app.pace
            self.set_timer(wait, lambda: self._reveal_next(generation))
        else:
            self._present()

    def _flush(self) -> None:
        while self._pending:
            self._show_message(*self._pending.popleft())
        self._present()

    def _show_message(self, index: int, message) -> None:
        node = self.play.node
        self.query_one(Transcript).add(self.scenario, node, message, (node.id, index), self.play.is_marked(node.id, index))
        if message.channel and channel(message.channel).drawing != "narration":
            # The bar follows the conversation: where the newest line was said.
            self.query_one(ChannelBar).show(self.scenario, node, message.channel)

    def _typing(self, message) -> None:
        who = self.scenario.speaker_name(message.speaker) if message.speaker else ""
        what = who + typing_words(message.channel or self.play.node.channel) if who else "…"
        self._say_typing(f"{what}（按空格键全部显示）")

    def _say_typing(self, text: str) -> None:
        typing = self.query_one("#typing", Static)
        if typing.content != text:  # an unchanged line asks for no layout
            typing.update(text)

    def _present(self) -> None:
        """Everything of this moment is shown: offer the choices, or end."""
        self._say_typing("")
        self._ready = True
        if self.play.ended:
            self._finish()
        else:
            node = self.play.node
            choices = self.query_one(ChoiceList)
            form = self.query_one(WebForm)
            if node.input is not None:
                form.show(node.input.label, node.input.placeholder)
            choices.show(self.play.options, node.input.label if node.input else None)
            if self.focused is not choices:
                choices.focus()
        self._update_keys()

    def _update_keys(self) -> None:
        """Re-draw the footer only when a key became (un)available: redrawing
        it on every move is the most expensive thing this screen does."""
        state = (bool(self._pending), self._ready and self.play.accepts_input, bool(self.play.steps), self._outcome_due)
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    def _show_stakes(self, delta: int = 0) -> None:
        self.query_one(StatusBar).show(self.scenario, self.play.state.money, self.play.exposed, delta)

    # -- moving -----------------------------------------------------------------
    def _moved(self, marker: str, money_before: int) -> None:
        self._save()
        with self.app.batch_update():  # one layout pass for the whole move
            self.query_one(Transcript).add_choice(marker)
            self._show_stakes(self.play.state.money - money_before)
            self._enter(paced=True)

    def _save(self) -> None:
        try:
            self.app.progress.save_resume(self.scenario.id, self.play.to_dict())
        except Exception:  # saving is a convenience; never stop the story for it
            self.log.warning("could not save the game")

    def _finish(self) -> None:
        """Show the outcome once the last lines could be read (they can
        still be marked until then)."""
        self.query_one(StatusBar).countdown.stop()
        self._show_stakes()
        generation = self._generation
        self._outcome_due = True
        delay = reading_time(self.play.node.messages, self.app.pace)
        if delay:
            # Time to read how it ended before the outcome covers it; Enter skips.
            self._say_typing("读完了就按回车键看结局")
            self._update_keys()
            self.set_timer(delay, lambda: self._show_outcome(generation))
        else:
            self.call_later(self._show_outcome, generation)

    def _record(self) -> None:
        """Record the ending once, with the marks as they are now."""
        if self._recorded == len(self.play.steps) or not self.play.ended:
            return
        self._recorded = len(self.play.steps)
        try:
            self.app.progress.record_ending(
                self.scenario.id, self.play.node.id, self.play.ending.kind,
                [s.to_json() for s in self.play.steps], verdict=verdict(self.play),
            )
        except Exception:
            self.log.warning("could not record the ending")

    def _show_outcome(self, generation: int) -> None:
        if generation != self._generation or not self._outcome_due:
            return
        if self.app.screen is not self:
            return  # the help (or a dialog) is open: shown when it closes
        from game.ui.screens.outcome import OutcomeScreen

        self._record()
        self._outcome_due = False
        self._say_typing("")
        self._update_keys()
        self.app.push_screen(OutcomeScreen(self.play), self._after_outcome)

    def on_screen_resume(self) -> None:
        if self._outcome_due:
            self._show_outcome(self._generation)

    def _after_outcome(self, what: str | None) -> None:
        if what == "replay":
            self.play.restart()
            self.query_one(StatusBar).countdown.clear()
            self.rebuild(pace_now=True)
        elif what == "another":
            self.play.undo()
            self._save()
            self.rebuild(pace_now=False)
        elif what == "picker":
            self.app.go_picker()

    # -- keys -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Keys that only mean something at some moments are left out of the
        # key bar when they do nothing (not dimmed: the bar stays one line).
        if action == "show_all":
            return bool(self._pending)
        if action == "see_outcome":
            return self._outcome_due
        if action == "fill":
            return self._ready and self.play.accepts_input
        if action == "undo":
            return bool(self.play.steps)
        return True

    def action_choose(self, n: int) -> None:
        if self._pending:
            # A key while lines are still appearing shows them; it never
            # chooses something the player has not read yet.
            self._flush()
            return
        if not self._ready or self.play.ended:
            return
        offered = self.play.options
        if n <= len(offered):
            before = self.play.state.money
            text = offered[n - 1].text
            self.play.choose_nth(n)
            self._moved(text, before)
        elif self.play.accepts_input and n == len(offered) + 1:
            self.action_fill()
        else:
            self.app.bell()

    def action_see_outcome(self) -> None:
        if self._outcome_due:
            self._show_outcome(self._generation)

    def action_show_all(self) -> None:
        if self._pending:
            self._flush()

    def action_fill(self) -> None:
        if self._ready and self.play.accepts_input:
            self.query_one(WebForm).focus_field()

    def action_undo(self) -> None:
        if not self.play.undo():
            self.notify("已经在故事的开头了。", timeout=2)
            return
        self._save()
        self.query_one(StatusBar).countdown.clear()
        self.rebuild(pace_now=False)

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(ChoiceList).focus()
            return
        self._record()  # an ending whose outcome was not waited for still counts
        self.app.pop_screen()

    # -- marking ------------------------------------------------------------------
    def toggle_mark(self, ref: Ref) -> bool:
        """Mark a message or take the mark back; saved at once. True when marked."""
        try:
            marked = self.play.toggle_mark(*ref)
        except PlayError:  # a line of a node the story has stepped back from
            return False
        self.query_one(Transcript).set_marked(ref, marked)
        self._save()
        return marked

    def on_mark_clicked(self, event: MarkClicked) -> None:
        event.stop()
        self.toggle_mark(event.ref)

    def action_mark(self) -> None:
        from game.ui.screens.marking import Line, MarkScreen

        seen: dict[Ref, None] = {}
        for item in self.query_one(Transcript).items():
            if item.ref is not None:
                seen.setdefault(item.ref)
        lines = []
        for node_id, index in seen:
            message = self.scenario.nodes[node_id].messages[index]
            lines.append(Line((node_id, index), self.scenario.speaker_name(message.speaker), message.text))
        if not lines:
            self.notify("还没有可以标记的话。", timeout=2)
            return
        self.app.push_screen(MarkScreen(lines, lambda ref: self.play.is_marked(*ref), self.toggle_mark))

    def action_scroll_story(self, direction: int) -> None:
        transcript = self.query_one(Transcript)
        if direction < 0:
            transcript.scroll_page_up()
        else:
            transcript.scroll_page_down()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id == FORM:
            self.action_fill()
        else:
            self.action_choose(event.option_index + 1)

    def on_web_form_sent(self, event: WebForm.Sent) -> None:
        if not self._ready or not self.play.accepts_input:
            return
        typed = event.text.strip()
        if not typed:
            self.notify("先填点什么，再按回车提交。", timeout=2)
            return
        # What a child types into a fake form is never kept: the story only
        # needs to know that something was given away.
        masked = "*" * min(len(typed), 12)
        before = self.play.state.money
        label = self.play.node.input.label
        try:
            self.play.submit(masked)
        except PlayError as exc:
            self.notify(str(exc), markup=False)
            return
        self._moved(f"在「{label}」里填写了 {masked}", before)
