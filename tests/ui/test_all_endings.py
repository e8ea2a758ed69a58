"""Every built-in scenario (and every UI fixture), every ending: drive the UI
by keys along the explorer's path and check the outcome screen teaches that
ending's rules, in full, with their labels.

One test per scenario, so xdist spreads them; one app per scenario, replayed
with the outcome's "重玩" key between endings, keeps each run lean."""

from __future__ import annotations

import pytest

from game.engine.explore import as_keys, explore
from game.engine.rules import catalogue
from game.ui.widgets.rulecard import rule_label
from game.engine.vocab import kind_words

from .helpers import builtin_library, fixture_library, follow, make_app, on_screen, ready, run, screen_text

BUILTIN = builtin_library()
FIXTURES = fixture_library()
CASES = [pytest.param(BUILTIN, sid, id=sid) for sid in sorted(BUILTIN.scenarios)] + [
    pytest.param(FIXTURES, sid, id=f"fixture-{sid}") for sid in sorted(FIXTURES.scenarios)
]


def test_builtin_scenarios_all_load():
    broken = [f"{f.path.name}: {f.errors[0] if f.errors else '?'}" for f in BUILTIN.files if not f.ok]
    assert not broken, broken


@pytest.mark.parametrize("library,scenario_id", CASES)
def test_every_ending_by_keys(library, scenario_id):
    from game.ui.screens.outcome import OutcomeScreen

    scenario = library.get(scenario_id)
    found = explore(scenario)
    assert found.endings, "the explorer found no ending"
    cat = catalogue()

    async def go():
        app = make_app(library=library, scenario_id=scenario_id)
        async with app.run_test(size=(80, 24)) as pilot:
            for ending_id, steps in found.endings.items():
                await follow(pilot, as_keys(scenario, steps))
                outcome = await on_screen(pilot, OutcomeScreen)
                ending = scenario.endings[ending_id]
                assert outcome.ending is ending, f"{ending_id}: reached {outcome.play.node.id}"
                text = screen_text(outcome)
                assert kind_words(ending.kind, not scenario.is_scam) in text
                assert ending.title in text
                for rule_id in ending.rules:
                    rule = cat[rule_id]
                    assert rule.text in text, f"{ending_id}: rule {rule_id} text missing"
                    assert rule_label(rule) in text, f"{ending_id}: rule {rule_id} label missing"
                assert ending_id in app.progress.endings_found(scenario_id)
                await pilot.press("a")  # 重玩
                await ready(pilot)
            assert app.progress.endings_found(scenario_id) == set(found.endings)

    run(go())
