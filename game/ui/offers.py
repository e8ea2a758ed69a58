"""Offering 辨一辨: the before-check before the first case, the after-check
when every type of the profile's curriculum is played. These flows open screens, so they sit
above them (the session below only keeps the progress)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from game.ui.session import has_store, raw

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.app import FanzhaApp


def _declined_key(sitting: str) -> str:
    return f"check_declined_{sitting}"


async def offer_before_check(app: FanzhaApp) -> None:
    """Before the first case: offer the before-check once (it can be skipped;
    a skip is remembered for the profile). A check left half-way is offered
    again, to be finished."""
    from game.progress import quiz
    from game.ui.words import lit
    from game.ui.screens.confirm import ConfirmScreen

    progress = raw(app.progress)
    if not has_store(progress):
        return
    try:
        status = progress.check_status()
        declined = app.store.setting(_declined_key(quiz.BEFORE), False, progress.profile.id)
    except Exception:
        return
    if status.due != quiz.BEFORE or declined:
        return
    so_far = status.before
    if so_far is not None and so_far.answered:
        question = f"你的辨一辨还没做完（做了 {so_far.answered}/{so_far.total} 题）。先把它做完，再开始玩吗？"
    else:
        question = (
            "玩第一个案例之前，先做个小测验“辨一辨”吗？\n"
            f"{len(progress.check_items(quiz.BEFORE))} 条消息，每条判断是骗局还是真消息，几分钟就好。"
            "你的课程里每一类诈骗都玩过以后还有一次，看看你进步了多少。\n"
            "（跳过也可以，只是开始玩以后，就没有这一次“前测”了。）"
        )
    yes = await app.push_screen_wait(ConfirmScreen(lit(question), yes="先做辨一辨", no="跳过，不做前测"))
    if yes:
        from game.ui.screens.quiz import run_check

        await run_check(app, quiz.BEFORE)
    else:
        try:
            app.store.set_setting(_declined_key(quiz.BEFORE), True, progress.profile.id)
        except Exception:
            pass


async def offer_after_check(app: FanzhaApp) -> None:
    """Every type of the profile's curriculum played: offer the after-check
    over the outcome of the case that completed them (it stays in the title
    menu too)."""
    from game.progress import quiz
    from game.ui.words import lit
    from game.ui.screens.confirm import ConfirmScreen
    from game.ui.screens.outcome import OutcomeScreen

    for _ in range(400):  # the outcome follows the ending after a short pause
        if isinstance(app.screen, OutcomeScreen):
            break
        await asyncio.sleep(0.05)
    else:
        return
    progress = raw(app.progress)
    try:
        done = f"{progress.profile.audience}课程里的 {len(progress.curriculum())} 类诈骗你都玩过了！"
    except Exception:  # a store that cannot be read: the offer still stands
        done = "你的课程里的诈骗类型都玩过了！"
    question = (
        f"{done}现在做辨一辨后测吗？\n"
        "和第一次的题目不一样，做完能看到你进步了多少。以后也可以在标题页的菜单里做。"
    )
    if await app.push_screen_wait(ConfirmScreen(lit(question), yes="做后测", no="以后再说")):
        from game.ui.screens.quiz import run_check

        await run_check(app, quiz.AFTER)
