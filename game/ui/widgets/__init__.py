"""One widget family per module: chat bubbles, SMS cards, the call screen, the
web page and form, the status bar and countdown, choices, rule cards."""
