"""The register's generated pages, as finished HTML (`halaman.Halaman`).

User-written text reaches a page only through Jinja2 with autoescaping, and the
pages never go through Markdown: a title such as `<script>` or
`[x](javascript:...)` stays text.
"""

from __future__ import annotations

import importlib

from jinja2 import ChainableUndefined, Environment, PackageLoader

from .. import alur, anak
from .. import format as fmt
from .halaman import Halaman, tanpa_baris, tanpa_baris_kosong
from .lampiran import Lampiran, entries
from .latar import Latar
from .model import Baris, SiteModel, page_path


def status_label(status: str, roles: dict | None = None) -> str:
    """'disposisi-camat' → 'Disposisi Camat': role ids take the role's name."""
    return alur.nama_status(status, roles)


class _Environment(Environment):
    """Jinja2 as the register's pages use it. Templates read record fields as
    `d.judul`; Jinja2 first asks a dict for an attribute of that name and takes the
    key after the AttributeError, which cost a fifth of an usulan page's time. A
    key is taken at once here, unless dict itself has that name (`items`,
    `get`): then, and for anything missing, Jinja2 decides as always."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            if attribute in obj and attribute not in _DICT_NAMES:
                return obj[attribute]
        else:
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)


_DICT_NAMES = frozenset(dir(dict))


def _environment() -> Environment:
    # auto_reload off: the templates are the package's own, and checking each one's
    # time at every page cost two `stat`s a page.
    env = _Environment(loader=PackageLoader("musrenbang.site", "templates"), autoescape=True, auto_reload=False,
                       undefined=ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(rupiah=fmt.rupiah, tanggal=fmt.tanggal, waktu=fmt.waktu, ribuan=fmt.ribuan, status=status_label)
    return env


ENV = _environment()


def base_for(src_path: str) -> str:
    """Relative path from a page to the site root, with directory URLs."""
    parts = src_path[:-3].split("/")
    depth = len(parts) - (1 if parts[-1] == "index" else 0)
    return "../" * depth or "./"


def page(title: str, html: str, hide: tuple[str, ...] = ("navigation",), daftar: bool = False) -> Halaman:
    """A page whose HTML is made now. The search index gets the whole page, or,
    for a list of usulan (`daftar`), the page without its tables' rows."""
    html = tanpa_baris_kosong(html)
    return Halaman(title, tuple(hide), isi=html, ringkasan=tanpa_baris(html) if daftar else None)


# Page modules of the site beyond the register itself. Each module has
# `build(site: Pages) -> dict[str, Halaman | str | bytes]`: site path (a .md
# page, or any file) → content. Add a module by adding its name here.
SECTIONS: tuple[str, ...] = (
    "peta",
    "wilayah_halaman",
    "beranda",
    "kinerja_halaman",
    "meja_halaman",
    "ajukan",
    "sop_halaman",
    "data_terbuka",
    "panduan",
    "lampiran",
    "admin",
)

# The list pages of every desa, bidang, map year and desk are made in a forked
# child (`anak`) while the register's own pages are made here: 8.6 s of a
# 30,000-usulan build, on the core MkDocs leaves idle. Their pages are finished
# HTML (picklable); on a small register a child costs more than it saves.
ELSEWHERE: tuple[str, ...] = ("peta", "wilayah_halaman", "meja_halaman")
FORK_FROM = 1500  # usulan


class Pages:
    def __init__(self, model: SiteModel, repo_url: str | None, branch: str = "main"):
        self.model = model
        self.riwayat = model.trail  # git history of the register (None outside a full git checkout)
        self.repo_url = (repo_url or "").rstrip("/")
        self.branch = branch
        self.admin_options: dict[str, str] = {}  # the plugin's options for /admin/ (site/admin.py)
        self.lampiran = Lampiran(model.ws.root)  # the attachments present, each folder listed once
        self.latar = Latar()  # files made in the background while the pages are written
        ref = model.ws.ref
        self.kecamatan = ref.data("wilayah")["kecamatan"]["nama"]
        ENV.filters["bidang"] = lambda b: model.sop.bidang[b].nama if b in model.sop.bidang else b
        labels: dict[str, str] = {}  # a status a row of every list shows: worded once a build
        ENV.filters["status"] = lambda s: labels.get(s) or labels.setdefault(s, status_label(s, model.sop.peran))

    def all(self) -> dict[str, Halaman | str | bytes]:
        elsewhere = ELSEWHERE if len(self.model.rows) >= FORK_FROM else ()
        theirs = anak.start(lambda: self._sections(elsewhere))
        pages = {"register/index.md": self.register(), "hasil/index.md": self.hasil()}
        for row in self.model.rows:
            pages[page_path(row.usulan)] = self.usulan(row)
        for year in self._forum_years():
            for kind in ("prioritas", "berita-acara"):
                pages[f"{kind}/{year.tahun}/index.md"] = self.dokumen(kind, year.tahun)
        made = self._sections(tuple(name for name in SECTIONS if name not in elsewhere)) | theirs()
        for name in SECTIONS:
            pages.update(made[name])
        return pages

    def _sections(self, names: tuple[str, ...]) -> dict[str, dict]:
        return {name: importlib.import_module(f"musrenbang.site.{name}").build(self) for name in names}

    def _forum_years(self):
        return [y for y in self.model.years if y.forum is not None and y.forum.valid]

    def hasil(self) -> str:
        from .dokumen import aturan_kalimat
        seleksi = (self.model.ws.ref.data("kriteria") or {}).get("seleksi") or {}
        years = []
        for year in self._forum_years():
            forum = year.forum.data
            results = (forum.get("hasil") or {})
            aturan = results.get("aturan")
            years.append({"tahun": year.tahun, "tanggal": forum["tanggal"], "tempat": forum["tempat"],
                          "aturan": aturan, "aturan_teks": aturan_kalimat(aturan, seleksi) if aturan else "",
                          "lolos": sum(e["lolos"] for e in results.get("usulan", []))})
        html = ENV.get_template("hasil.html").render(base=base_for("hasil/index.md"), years=years)
        return page("Hasil Musrenbang", html)

    def dokumen(self, kind: str, tahun: int) -> str:
        from . import dokumen
        title = {"prioritas": f"Daftar Usulan Prioritas {tahun}", "berita-acara": f"Berita Acara Musrenbang {tahun}"}[kind]
        paper = "A4 mendatar" if kind == "prioritas" else "A4"
        note = (f'<p class="mr-cetak" markdown="0">Siap dicetak di kertas {paper}: pilih Cetak pada menu peramban '
                '(atau Ctrl+P), lalu simpan sebagai PDF atau cetak langsung.</p>')
        return page(title, note + "\n" + dokumen.fragment(kind, self.model.ws, tahun), hide=("navigation", "toc"))

    def register(self) -> str:
        rows = self.model.rows
        html = ENV.get_template("register.html").render(
            base=base_for("register/index.md"), kecamatan=self.kecamatan, rows=rows,
            years=[y.tahun for y in self.model.years],
            desa=sorted({r.nama_desa for r in rows}), bidang=[b.nama for b in self.model.sop.bidang.values()],
            statuses=[s for s in self.model.statuses() if any(r.status == s for r in rows)],
        )
        return page("Buku Register", html, hide=("navigation", "toc"), daftar=True)

    def usulan(self, row: Baris) -> Halaman:
        """Made when MkDocs writes it; the search index gets a summary of a few lines."""
        return Halaman(f"{row.data['judul']} ({row.nama_desa} {row.usulan.tahun})", buat=lambda: self.usulan_html(row),
                       ringkasan=tanpa_baris_kosong(ENV.get_template("usulan_ringkasan.html").render(r=row)))

    def usulan_html(self, row: Baris) -> str:
        source = f"{self.repo_url}/blob/{self.branch}/{row.sumber}" if self.repo_url else ""
        return ENV.get_template("usulan.html").render(base=base_for(page_path(row.usulan)), r=row, source_url=source,
                                                      repo_url=self.repo_url, lampiran=entries(self.lampiran, row.usulan))
