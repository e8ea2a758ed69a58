"""`python -m game` is the same as `fanzha`."""

from game.cli import main

if __name__ == "__main__":  # guarded: worker processes import this module too
    raise SystemExit(main())
