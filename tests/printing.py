"""Print a page to PDF the way a teacher does (headless Chromium, A4), and read
the pages back (pdftotext): for tests of what fits on a sheet and where pages
break. .ci/run installs Chromium, poppler-utils and a pinned CJK font
(fonts-noto-cjk); without them these tests are skipped."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


def needs_printing() -> None:
    if CHROMIUM is None or shutil.which("pdftotext") is None:
        pytest.skip("no headless Chromium or pdftotext here (.ci/run installs them)")


def print_pages(html_text: str, folder: Path, name: str = "page") -> list[str]:
    """The text of each printed A4 page, in order."""
    needs_printing()
    page = folder / f"{name}.html"
    page.write_text(html_text, encoding="utf-8")
    pdf = folder / f"{name}.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    pages = text.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
