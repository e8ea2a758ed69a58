"""Peak resident memory of this process, in KiB, on the platforms that say."""

from __future__ import annotations

import sys


def peak_kib() -> int | None:
    try:
        import resource
    except ImportError:  # Windows: not measured
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS says bytes
