"""A generated page as MkDocs gets it: front matter, finished HTML, a search summary.

Generated pages are HTML already (Jinja2, autoescaped), so they skip Markdown:
MkDocs reads only their front matter, and the plugin hands it the HTML. A page
may make its HTML only when it is written (`buat`), so that a register of
30,000 usulan never holds all their pages in memory, and may give the search
index a short summary (`ringkasan`, HTML) instead of the whole page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable

from markupsafe import escape


@dataclass(frozen=True)
class Halaman:
    judul: str  # plain text
    hide: tuple[str, ...] = ("navigation",)
    isi: str = ""  # the finished HTML, when made up front
    buat: Callable[[], str] | None = None  # or how to make it when the page is written
    ringkasan: str | None = None  # HTML the search index gets instead of the whole page
    terakhir: bool = False  # written after the other pages: it waits for files made in the background (latar.py)

    def kepala(self) -> str:
        """The front matter MkDocs reads. Themes print `page.title` unescaped (in
        <title>, the header and the search index), so the title is escaped here, once."""
        front = {"title": str(escape(self.judul)), "hide": list(self.hide)}
        return f"---\n{json.dumps(front, ensure_ascii=False)}\n---\n"

    def html(self) -> str:
        return tanpa_baris_kosong(self.buat()) if self.buat is not None else self.isi

    def untuk_pencarian(self) -> str:
        return self.ringkasan if self.ringkasan is not None else self.html()

    def teks(self) -> str:
        """The whole page as one text: front matter, then the HTML."""
        return f"{self.kepala()}\n{self.html()}\n"


def tanpa_baris_kosong(html: str) -> str:
    """The HTML without blank lines (the templates' loops leave some)."""
    return "\n".join(line for line in html.splitlines() if line.strip())


_ROWS = re.compile(r"<tbody>.*?</tbody>|<script\b.*?</script>", re.S)


def tanpa_baris(html: str) -> str:
    """A list page as the search index gets it: without its tables' rows (each
    usulan is indexed on its own page) and scripts (never indexed anyway)."""
    return _ROWS.sub("", html)
