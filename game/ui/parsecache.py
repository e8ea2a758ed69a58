"""One parse of each stylesheet per process, not one per app.

Textual parses every stylesheet of an app into rule sets and caches them in
that app's Stylesheet. `fanzha serve`'s games are forked from a warm parent
that has shown the title once (game/net/zygote.py): with the cache kept per
process, keyed by the CSS variables too, each tab's game finds the parent's
rule sets instead of tokenising the same .tcss files again — about a sixth
of the CPU a tab needs for its first screen. A theme switch (other
variables) parses afresh, as before."""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet

_SHARED: dict[tuple, list] = {}
_MAX = 256  # stylesheets × themes: far more than the game has


class SharedParseStylesheet(Stylesheet):
    def _parse_rules(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        key = (tuple(sorted(self._variables.items())), css, read_from, is_default_rules, tie_breaker, scope)
        rules = _SHARED.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if len(_SHARED) < _MAX:
                _SHARED[key] = rules
        return rules

    def reparse(self) -> None:
        """Textual's own reparse (textual 8.2.8, pinned), but into a stylesheet
        that shares the parses: Textual re-parses every source each time a
        screen brings new CSS, which without the shared cache re-tokenises
        every .tcss file on every new screen."""
        stylesheet = SharedParseStylesheet(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            stylesheet.add_source(css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker, scope=scope)
        try:
            stylesheet.parse()
        except Exception:
            self._invalid_css.update(stylesheet._invalid_css)
            raise
        self._rules = stylesheet.rules
        self._rules_map = None
        self.source = stylesheet.source
        self._require_parse = False

    def copy(self) -> Stylesheet:
        stylesheet = SharedParseStylesheet(variables=self._variables.copy())
        stylesheet.source = self.source.copy()
        return stylesheet
