"""The application: themes, the keys that work everywhere, the scenario library
and moving between screens.

Start-up is kept light on purpose: only the title screen is imported here; the
library (YAML parsing, validation) loads in a thread after the first paint and
every other screen module is imported when it is first opened."""

from __future__ import annotations

import asyncio
import os
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding

from game.engine.untrusted import visible
from game.progress.memory import MemoryProgress
from game.ui.messages import LibraryReady
from game.ui.parsecache import SharedParseStylesheet
from game.ui.session import TrackedProgress, in_browser_tab, track
from game.ui.screens.title import TitleScreen
from game.ui.styles import styles
from game.ui.widgets.keybar import KeyBar
from game.ui import wrap
from game.ui.themes import DARK, LIGHT, THEMES

if TYPE_CHECKING:  # pragma: no cover
    from game.engine.library import Library
    from game.engine.model import Scenario
    from game.engine.play import Playthrough

WHO, PLAYING = "who", "playing"  # a browser tab's two modes: who is playing?, then the game
DEFAULT_PACE = 0.6  # seconds between messages: about one short line read aloud


def pace_from(value: float | None) -> float:
    """The pace argument, else $FANZHA_PACE, else the readable default."""
    if value is None:
        raw = os.environ.get("FANZHA_PACE", "").strip()
        try:
            value = float(raw) if raw else DEFAULT_PACE
        except ValueError:
            value = DEFAULT_PACE
    return max(0.0, min(float(value), 10.0))


class FanzhaApp(App[None]):
    """反诈大冒险. `FanzhaApp()` alone shows the title over the built-in cases."""

    TITLE = "反诈大冒险"
    # The title screen's and the key bar's styles are read with the app's:
    # a screen's own CSS_PATH would make Textual parse every stylesheet again
    # before the first paint (twice), and the title must appear at once.
    CSS_PATH = styles("app.tcss", KeyBar, "screens/title.tcss")
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("question_mark", "help", "帮助", key_display="?"),
        Binding("f2", "toggle_theme", "换主题", key_display="F2"),
        Binding("ctrl+t", "toggle_theme", "换主题", show=False),
        Binding("f5", "toggle_present", "投影演示", key_display="F5"),
        Binding("q", "quit_confirm", "退出"),
    ]

    def notify(self, message, *args, **kwargs) -> None:
        """Every notification may quote a file name, a profile's name or a
        problem in a scenario: hidden characters are shown, never obeyed."""
        if isinstance(message, str):
            message = visible(message)
        super().notify(message, *args, **kwargs)

    def __init__(
        self,
        library: Library | None = None,
        scenario_id: str | None = None,
        data_dir: Any = None,
        progress: Any = None,
        pace: float | None = None,
        store: Any = None,
        presenting: bool = False,
        scenario_folders: list[str] = (),
        live_client: Any = None,
        own_player: bool | None = None,
    ) -> None:
        own_player = in_browser_tab() if own_player is None else own_player
        if own_player:
            # A browser tab starts on "who is playing?", in a mode of its own;
            # the title is built once the pupil has answered (player_known).
            self.DEFAULT_MODE = WHO
        super().__init__()
        if own_player:
            from game.ui.screens.whoplays import WhoIsPlayingScreen

            self.add_mode(WHO, WhoIsPlayingScreen)
            self.add_mode(PLAYING, TitleScreen)
        if in_browser_tab():
            # The web driver blurs the app as it starts, until the page says
            # the pupil is there: starting blurred spares restyling every
            # widget of the first screen a moment after drawing it.
            self.set_reactive(App.app_focus, False)
        # Its variables are the first theme's, set below (_first_theme): each
        # computing of them is a whole colour design (a few ms).
        self.stylesheet = SharedParseStylesheet()
        wrap.install()  # Chinese line breaking for every piece of text
        self.library: Library | None = library
        self.scenario_id = scenario_id
        self.data_dir = data_dir
        self.scenario_folders = list(scenario_folders)  # --scenarios: a teacher's extra folders
        # 加入课堂: the connection class the host hands the app (game.net.live.pupil.Connection);
        # None where the game runs without one (tests, `fanzha serve`).
        self.live_client = live_client
        self.live = None  # the joined class, if any
        # Progress: the one given (`fanzha play` opens the store itself; tests
        # pass a MemoryProgress), else the current profile of `store`, else the
        # SQLite store of the data folder, opened after the first paint.
        self.store = store if store is not None else getattr(progress, "store", None)
        self._progress_wanted = progress is None
        # A tab of `fanzha serve` (own_player, detected when None) first asks
        # who is playing and keeps that choice to itself; the terminal game
        # plays the PC's current profile.
        self.own_player = own_player
        self._player_chosen: Any = None  # a future get_progress waits on while a tab's player is asked
        self._owns_store = False
        self._store_known = False  # the store's opening has been taken in (_store_opened)
        self.progress: TrackedProgress = track(self, progress if progress is not None else MemoryProgress())
        self.pace = pace_from(pace)
        self._loader = None
        self._store_loader = None
        self._no_collection = ExitStack()  # the cyclic GC's pause, from on_load to the first frame
        for theme in THEMES:
            self.register_theme(theme)
        light = os.environ.get("FANZHA_THEME", "").strip().lower() == "light"
        self._first_theme(LIGHT.name if light else DARK.name)
        self.presenting = False  # 投影演示 (F5, `fanzha present`): screens/present.py
        if presenting:
            from game.ui.screens.present import enter_presenting

            enter_presenting(self, announce=False)

    def _first_theme(self, name: str) -> None:
        """Start in this theme. Not through `self.theme`: its watcher re-parses
        every stylesheet and lays the screen out again, which before the first
        paint is pure waste — nothing has been parsed with the old theme yet."""
        self.set_reactive(FanzhaApp.theme, name)
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)  # what the watcher does too
        self.stylesheet.set_variables(self.get_css_variables())

    def on_load(self) -> None:
        # Everything made before the title's first frame (styles, widgets, the
        # listing) lives as long as the app: the cyclic collector would only
        # scan it again and again before that frame. Paused until it is painted.
        from game.engine.nocycles import no_cycle_collection

        self._no_collection.enter_context(no_cycle_collection())
        if not self.own_player:  # a browser tab's first screen needs no cases: listed once it is answered
            self._list_from_index()

    def _list_from_index(self) -> None:
        """Nothing changed since the last start: the cases are listed from the
        cache's index in a few milliseconds, in time for the title's first
        frame. Otherwise they are read and checked in a thread once the title
        is up (_start_loading)."""
        if self.library is None and self._loader is None:
            from game.engine.library import cached_library

            try:
                self.library = cached_library(self.scenario_folders, self.data_dir, indexed_only=True)
            except Exception:  # whatever it is, the thread's full listing will meet it and say so
                self.library = None

    def get_default_screen(self) -> TitleScreen:
        """The title is the bottom of the stack."""
        return TitleScreen()

    # -- start-up --------------------------------------------------------------
    def on_mount(self) -> None:
        self.call_after_refresh(self._resume_collector)
        if not self._progress_wanted and self.store is not None:
            # A store opened by the caller (`fanzha play`): tell its notices here.
            from game.ui.session import show_notices

            self.call_after_refresh(show_notices, self)
        if self.scenario_id:
            # Opened straight into a case (`fanzha play ID`): no 辨一辨 offer.
            self.open_scenario(self.scenario_id, check=False)
        elif self.own_player and self._progress_wanted:
            pass  # a browser tab: the store and the cases when its pupil has answered (player_known)
        elif self.library is None or self._progress_wanted:
            # After the first paint: the title shows at once, cases arrive later.
            self.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        # One after the other, not side by side: two threads would share one
        # interpreter lock, and the cases are what the title screen waits for.
        if self.library is None:
            if self._loader is None:
                self._loader = self.run_worker(self._load_library, thread=True, group="library")
        else:
            self._start_store()

    def _start_store(self) -> None:
        if self._progress_wanted and self._store_loader is None:
            self._store_loader = self.run_worker(self._open_store, thread=True, group="store")

    def _open_store(self):
        from game.ui.session import open_store

        if self.store is not None:
            return self.store, None if self.own_player else self.store.default_progress(self.library)
        return open_store(self.data_dir, self.library, current=not self.own_player)

    def _store_opened(self, opened) -> None:
        if not self._progress_wanted or opened is None:
            return
        from game.ui.session import changed, show_notices

        store, progress = opened
        if not self._store_known:
            self._store_known = True
            self._owns_store = self.store is None
            self.store = store
            show_notices(self)
        if progress is None:  # a browser tab: its first screen asks who is playing
            return
        self._progress_wanted = False
        self.progress = track(self, progress)
        changed(self)

    async def opened_store(self) -> Any:
        """The store, waiting for it to open if it is still opening."""
        if not self._store_known:
            self._start_store()
            self._store_opened(await self._store_loader.wait())
        return self.store

    def player_known(self, profile) -> None:
        """A browser tab's player, from its first screen: play as them, and
        on to the title."""
        from game.ui.session import switch_to

        if not self._progress_wanted:
            return  # already answered
        self._list_from_index()  # the title counts the cases in its first frame
        if not switch_to(self, profile):
            return  # the profile is gone meanwhile: the form stays
        self._progress_wanted = False
        if self._player_chosen is not None and not self._player_chosen.done():
            self._player_chosen.set_result(None)
        if self.current_mode == WHO:
            self.switch_mode(PLAYING)
            self.remove_mode(WHO)
        if self.library is None:
            self._start_loading()

    async def get_progress(self) -> TrackedProgress:
        """The progress, waiting for the store to open if it is still opening
        (and, in a browser tab, for the player to say who they are)."""
        if self._progress_wanted:
            await self.opened_store()
        if self._progress_wanted:
            if self._player_chosen is None:
                self._player_chosen = asyncio.get_running_loop().create_future()
            await asyncio.shield(self._player_chosen)
        return self.progress

    def _resume_collector(self) -> None:
        self._no_collection.close()  # once; a second close does nothing

    def on_unmount(self) -> None:
        self._resume_collector()  # an app that stopped before its first frame
        if self._owns_store and self.store is not None:
            self.store.close()

    def _load_library(self) -> Library:
        from game.engine.library import cached_library

        # Listed from the check cache; each story is parsed when it is played.
        return cached_library(self.scenario_folders, self.data_dir)

    async def get_library(self) -> Library:
        """The library, waiting for the loader if it is still reading files."""
        if self.library is None:
            self._start_loading()
            self.library = await self._loader.wait()
            self.screen.post_message(LibraryReady())
            self._start_store()
        return self.library

    def on_worker_state_changed(self, event) -> None:
        if event.worker is self._store_loader and event.worker.is_finished and self._progress_wanted:
            self._store_opened(event.worker.result)
        if event.worker is self._loader and event.worker.is_finished and self.library is None:
            if event.worker.result is not None:
                self.library = event.worker.result
                for screen in self.screen_stack:
                    screen.post_message(LibraryReady())
            self._start_store()

    # -- moving between screens -------------------------------------------------
    def open_scenario(self, scenario_id: str, check: bool = True) -> None:
        """Play a scenario, offering to continue a game left half-way (and,
        with `check`, the before-check before a profile's first case)."""
        self.run_worker(self._open_scenario(scenario_id, check), group="open", exclusive=True)

    async def _open_scenario(self, scenario_id: str, check: bool = True) -> None:
        library = await self.get_library()
        await self.get_progress()
        scenario = library.get(scenario_id)
        if scenario is None:
            self.notify(f"没有 id 为 {scenario_id} 的剧本，或者它有错误暂时不能玩。", severity="error", markup=False)
            return
        if self.presenting:  # in front of a class: from the beginning, nothing saved
            from game.ui.screens.present import open_presenting

            await open_presenting(self, scenario)
            return
        if check:
            from game.ui.offers import offer_before_check

            await offer_before_check(self)
        play = await self._resume_or_new(scenario)
        from game.ui.screens.play import PlayScreen

        await self.push_screen(PlayScreen(play))

    async def _resume_or_new(self, scenario: Scenario) -> Playthrough:
        from game.engine.play import Playthrough

        save = None
        try:
            save = self.progress.load_resume(scenario.id)
        except Exception:  # an unreadable save is the same as none
            save = None
        if save:
            try:
                resumed = Playthrough.from_dict(scenario, save)
            except Exception:  # the story changed since: start again
                resumed = None
            if resumed is not None and resumed.steps and not resumed.ended:
                from game.ui.screens.confirm import ConfirmScreen
                from game.ui.words import lit

                again = await self.push_screen_wait(
                    ConfirmScreen(
                        lit(f"《{scenario.title}》上次玩到一半（走了 {len(resumed.steps)} 步）。"),
                        yes="继续上次",
                        no="从头开始",
                    )
                )
                if again:
                    return resumed
            self._forget_resume(scenario.id)
        return Playthrough(scenario)

    def _forget_resume(self, scenario_id: str) -> None:
        try:
            self.progress.clear_resume(scenario_id)
        except Exception:
            pass

    def go_picker(self) -> None:
        """Back to the case list, whatever is open above it."""
        from game.ui.screens.picker import PickerScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, PickerScreen):
            self.pop_screen()
        if not isinstance(self.screen, PickerScreen):
            self.push_screen(PickerScreen())

    def go_title(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def open_picker(self) -> None:
        from game.ui.screens.picker import PickerScreen

        self.push_screen(PickerScreen())

    def open_handbook(self) -> None:
        from game.ui.screens.handbook import HandbookScreen

        self.push_screen(HandbookScreen())

    def open_profiles(self) -> None:
        from game.ui.screens.profiles import ProfilesScreen

        self.push_screen(ProfilesScreen())

    def open_check(self) -> None:
        """辨一辨 from the menu: the check that is due, else the last result."""
        from game.ui.screens.quiz import start_check

        self.run_worker(start_check(self), group="open", exclusive=True)

    # -- 加入课堂 (a live class) ------------------------------------------------
    def open_join(self) -> None:
        if self.live_client is None:
            self.notify("这里不能加入课堂：请在终端里运行 fanzha 再加入。", severity="warning", markup=False)
            return
        self.run_worker(self._join(), group="live-join", exclusive=True)

    async def _join(self) -> None:
        from game.ui.screens.live import JoinFormScreen, LiveStepScreen
        from game.ui.session import has_store, raw

        progress = raw(await self.get_progress())
        if not has_store(progress) or not progress.profile.name:
            self.notify("先在“换人 / 档案”里写上名字，才能加入课堂。", severity="warning", markup=False)
            return
        answer = await self.push_screen_wait(JoinFormScreen())
        if answer is None:
            return
        address, code = answer
        p = progress.profile
        connection = self.live_client(address, code, p.uid, p.name, p.class_name)
        try:
            await connection.__aenter__()
        except Exception as exc:  # the pupil reads why: wrong code, unreachable, full
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.live = connection
        if connection.welcome.get("mode") == "step":
            await self.push_screen(LiveStepScreen(connection))
        else:
            self.notify("已加入课堂：各自玩。每玩完一个案例，成绩会自动交给老师。", timeout=8, markup=False)
            self.results_changed()

    async def leave_class(self) -> None:
        from game.ui.screens.live import LiveStepScreen

        live, self.live = self.live, None
        if live is not None:
            await live.close()
        if isinstance(self.screen, LiveStepScreen):
            self.pop_screen()

    def results_changed(self) -> None:
        """A case ended or a check was finished: in a self-paced class, the
        profile's results go to the teacher (kept pending if they cannot)."""
        if self.live is not None and self.live.welcome.get("mode") == "self":
            self.run_worker(self._send_results(), group="live-send")

    async def _send_results(self) -> None:
        from game.results import exports
        from game.ui.session import has_store, raw

        progress = raw(self.progress)
        if not has_store(progress) or self.live is None:
            return
        store, pid = progress.store, progress.profile.id
        store.set_setting(exports.PENDING_SETTING, True, pid)
        doc = exports.build(progress)
        if await self.live.send_results(exports.round_trip(doc)):
            store.set_setting(exports.PENDING_SETTING, False, pid)
        else:
            self.notify("成绩暂时没交给老师（网络断了），已保存在这台电脑上，下次加入课堂时再交。",
                        severity="warning", timeout=8, markup=False)

    def offer_after_check(self) -> None:
        """The plan's types are all played now: offer the after-check."""
        from game.ui.offers import offer_after_check

        self.run_worker(offer_after_check(self), group="offer-check")

    def open_report(self) -> None:
        from game.ui.screens.classreport import ClassReportScreen

        self.push_screen(ClassReportScreen())

    def start_game(self) -> None:
        self.run_worker(self._start_game(), group="open", exclusive=True)

    async def _start_game(self) -> None:
        from game.engine.cases import next_to_play

        library = await self.get_library()
        scenario = next_to_play(library, await self.get_progress())
        if scenario is None:
            self.notify("还没有可以玩的案例。请老师用 fanzha check 检查剧本文件夹。", severity="warning")
            return
        await self._open_scenario(scenario.id)

    # -- keys that work everywhere ----------------------------------------------
    def action_help(self) -> None:
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT.name if self.theme != LIGHT.name else DARK.name
        name = "浅色（投影仪）" if self.theme == LIGHT.name else "深色"
        self.notify(f"已换成{name}主题。再按 F2 换回来。", timeout=2)

    def action_toggle_present(self) -> None:
        from game.ui.screens.present import toggle_presenting

        toggle_presenting(self)

    def action_quit_confirm(self) -> None:
        from game.ui.screens.confirm import ConfirmScreen
        from game.ui.words import lit

        if isinstance(self.screen, ConfirmScreen):
            return

        def done(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(
            ConfirmScreen(lit("真的要退出反诈大冒险吗？玩到一半的故事会记住。"), yes="退出", no="接着玩"),
            done,
        )
