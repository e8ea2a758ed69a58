"""`python -m game` is the same as `fanzha`."""

from .cli import main

raise SystemExit(main())
