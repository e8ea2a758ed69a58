"""The teacher's class report: figures from exports, rendered for the terminal,
a printable HTML page, CSV and JSON. `figures` computes; the others only draw."""

from .figures import Collected, Figures, collect, compute

__all__ = ["Collected", "Figures", "collect", "compute"]
