"""The Decap CMS configuration of the officials' forms (`/admin/config.yml`).

A pure function of the register's SOP, reference data and schemas: nothing
here is written by hand per register. Per year two folder collections share
`proposals/<tahun>/`: the berkas (`<desa>/berkas.yaml`) and the usulan
(`<desa>/<nn>-<slug>.yaml`). Decap cannot filter entries by file name, so the
page's format (`register-yaml`, in `site/assets/admin/register-cms.js`) marks
each file it reads with `_jenis` (berkas/usulan) and never writes a field whose
name starts with `_`; the usulan's desa and number exist only to name a new file
(`<desa>/<nn>-<slug>`, the slug made from the title as Ajukan Usulan makes it).

Fields come from the JSON Schemas: titles as labels, descriptions as hints,
`required` as Decap's `required` (inside an optional object nothing is marked:
Decap would demand the fields of an object left empty; `validate` checks them),
select lists for desa, bidang, roles, petugas and SOP steps. Fields the schema
marks `"x-publik": false` never appear: the `data_pribadi` widget encrypts them
in the browser (see `site/assets/admin/register-cms.js`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from . import privasi
from .checks import tanggal
from .errors import MusrenbangError
from .schemas import _inline

FORMAT = "register-yaml"
# Forges whose Decap backend turns every save into a branch and pull request.
EDITORIAL = ("github", "gitlab", "bitbucket", "forgejo")
# Usulan fields never shown as schema fields: later corrections and attachments are not
# form work; data_pribadi gets its own widget.
USULAN_LEWATI = ("koreksi", "lampiran", privasi.KUNCI)
BERKAS_LEWATI = ("koreksi",)
SLUG = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
WAKTU = "YYYY-MM-DDTHH:mm:ssZ"


@dataclass(frozen=True)
class Forge:
    """Where the register lives, as mkdocs.yml and the plugin options say."""

    kind: str  # github | gitea | forgejo | gitlab | '' (none named: local use only)
    repo: str  # owner/name
    branch: str = "main"
    base_url: str = ""  # OAuth: GitHub's auth server (Decap's base_url); Gitea/Forgejo's own address
    app_id: str = ""  # Gitea/Forgejo OAuth2 application client id
    api_root: str = ""

    @property
    def editorial(self) -> bool:
        return self.kind in EDITORIAL


def forge_from(repo_url: str, branch: str, kind: str = "", app_id: str = "", base_url: str = "") -> Forge:
    """The forge of `repo_url`: github.com is GitHub; another host is Gitea unless `kind` says forgejo/gitlab."""
    parsed = urlparse(repo_url or "")
    host = (parsed.hostname or "").lower()
    repo = parsed.path.strip("/").removesuffix(".git")
    if not host or repo.count("/") != 1:
        return Forge("", "", branch)
    kind = kind or ("github" if host in ("github.com", "www.github.com") else "gitea")
    origin = f"{parsed.scheme}://{parsed.netloc}"
    if kind == "github":
        return Forge(kind, repo, branch, base_url=base_url)
    return Forge(kind, repo, branch, base_url=base_url or origin, app_id=app_id,
                 api_root=f"{origin}/api/v4" if kind == "gitlab" else f"{origin}/api/v1")


# The plugin options that shape the forms (mkdocs.yml, `plugins: - musrenbang: {...}`).
OPTIONS = ("forge", "oauth_app_id", "oauth_url", "decap_server")


def for_register(ws, repo_url: str, branch: str = "main", options: dict | None = None, site_url: str = "",
                 today: date | None = None) -> dict[str, Any]:
    """The config of a register: its years, its forge, and the local decap-server when one is named."""
    options = options or {}
    forge = forge_from(repo_url, branch, options.get("forge", ""), options.get("oauth_app_id", ""),
                       options.get("oauth_url", ""))
    out = config(ws.ref, ws.schemas.schemas, years(ws.register.tahun, today), forge, site_url)
    if options.get("decap_server"):
        out["local_backend"] = {"url": options["decap_server"]}
    return out


class _Tolerant(yaml.SafeLoader):
    """mkdocs.yml may hold tags (!ENV, !!python/name:...): read them as nothing."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


def settings(root: Path) -> dict[str, Any]:
    """repo_url, site_url, branch and the plugin options from the register's mkdocs.yml."""
    path = Path(root) / "mkdocs.yml"
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_Tolerant) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise MusrenbangError(f"{path} tidak dapat dibaca: {error}") from None
    data = data if isinstance(data, dict) else {}
    plugin: dict = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("musrenbang"), dict):
            plugin = entry["musrenbang"]
    return {"repo_url": str(data.get("repo_url") or ""), "site_url": str(data.get("site_url") or ""),
            "branch": str(plugin.get("branch") or "main"),
            "options": {k: str(plugin[k]) for k in OPTIONS if plugin.get(k)}}


class _NoAliases(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter: the same text, 6× faster
    def ignore_aliases(self, data):  # the same select list on several fields is written out each time
        return True


def to_yaml(config_data: dict) -> str:
    head = "# Dibuat otomatis dari sop/ dan sop/schemas/ oleh musrenbang (musrenbang.decap); jangan disunting.\n"
    return head + yaml.dump(config_data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)


def years(register_years, today: date | None = None) -> list[int]:
    """The register's years, this year and the planning year (next year in the last
    months, when desa already hold their musyawarah for it), newest first."""
    today = today or date.today()
    planning = today.year + (1 if today.month > 12 - tanggal.BULAN_SEBELUM else 0)
    return sorted(set(register_years) | {today.year, planning}, reverse=True)


def config(ref, schemas: dict[str, dict], tahun: list[int], forge: Forge, site_url: str = "") -> dict[str, Any]:
    """The whole `config.yml` as a dict, for `tahun` (newest first)."""
    pilihan = Pilihan.of(ref)
    berkas = _inline(schemas["berkas"], schemas["berkas"], schemas)
    usulan = _inline(schemas["usulan"], schemas["usulan"], schemas)
    out: dict[str, Any] = {"backend": _backend(forge)}
    if forge.editorial:
        out["publish_mode"] = "editorial_workflow"
    out.update({
        "local_backend": True,
        "locale": "id",
        "site_url": site_url or None,
        "display_url": site_url or None,
        # Decap requires a media folder; attachments are not form work (they are added on
        # the forge), and a file uploaded here lies outside the register's layout: a finding.
        "media_folder": "proposals/lampiran-baru",
        "slug": SLUG,
        "collections": [c for t in tahun for c in (_berkas(t, berkas, pilihan), _usulan(t, usulan, pilihan, ref))],
    })
    return {k: v for k, v in out.items() if v is not None}


def _backend(forge: Forge) -> dict[str, Any]:
    if not forge.kind:  # no forge named in mkdocs.yml: only the local decap-server
        return {"name": "proxy", "proxy_url": "http://localhost:8081/api/v1", "branch": forge.branch}
    backend = {"name": forge.kind, "repo": forge.repo, "branch": forge.branch}
    if forge.base_url:
        backend["base_url"] = forge.base_url
    if forge.app_id:
        backend["app_id"] = forge.app_id
    if forge.api_root:
        backend["api_root"] = forge.api_root
    if forge.kind == "gitlab" and forge.app_id:
        backend["auth_type"] = "pkce"  # GitLab logs in from the browser with the application id alone
    return backend


@dataclass(frozen=True)
class Pilihan:
    """The select lists, from sop/: desa, petugas, roles, bidang, steps recorded on a berkas."""

    desa: list[dict[str, str]]
    petugas: list[dict[str, str]]
    peran: list[dict[str, str]]
    bidang: list[dict[str, str]]
    langkah_berkas: list[dict[str, Any]]
    kepada: dict[str, list[dict[str, str]]]  # the field a step is recorded in → the roles it may go to

    @classmethod
    def of(cls, ref) -> Pilihan:
        sop = ref.sop
        desa = sorted(ref.desa.items(), key=lambda item: item[1].get("nama", item[0]))
        return cls(
            desa=[{"label": f"{d.get('jenis', 'desa').capitalize()} {d.get('nama', s)}", "value": s} for s, d in desa],
            petugas=[{"label": f"{p['nama']} ({p['jabatan']})", "value": pid} for pid, p in ref.petugas.items()],
            peran=[{"label": r.nama, "value": rid} for rid, r in sop.peran.items()],
            bidang=[{"label": b.nama, "value": bid} for bid, b in sop.bidang.items()],
            langkah_berkas=[{"label": f"{s.nomor}. {s.nama}", "value": str(s.nomor)} for s in sop.langkah_pada("berkas")],
            kepada=_kepada(sop),
        )


def _kepada(sop) -> dict[str, list[dict[str, str]]]:
    """Per field a step is recorded in (disposisi, klasifikasi), the roles the SOP lets it go to;
    `pemeriksa-bidang` stands for every bidang's examiner."""
    found: dict[str, list[str]] = {}
    for step in sop.langkah:
        roles = found.setdefault(step.dicatat.isian, [])
        for role in step.kepada:
            for actual in [b.pemeriksa for b in sop.bidang.values()] if role == "pemeriksa-bidang" else [role]:
                if actual not in roles:
                    roles.append(actual)
    return {isian: [{"label": sop.nama_peran(r), "value": r} for r in roles] for isian, roles in found.items() if roles}


# Fields whose values are ids of sop/ data: (record kind, path) → the list to choose from.
def _select_for(path: tuple[str, ...], pilihan: Pilihan) -> list | None:
    name = path[-1]
    if path == ("desa",):
        return pilihan.desa
    if name == "oleh":
        return pilihan.petugas
    if name == "kepada":
        return pilihan.kepada.get(path[-2], pilihan.peran) if len(path) > 1 else pilihan.peran
    if name in ("bidang", "usulan_bidang"):
        return pilihan.bidang
    if path[-2:] == ("disposisi", "langkah"):
        return pilihan.langkah_berkas
    return None


def _label(schema: dict, name: str) -> str:
    return schema.get("title") or name.replace("_", " ").capitalize()


def field(name: str, schema: dict, required: bool, path: tuple[str, ...], pilihan: Pilihan) -> dict | None:
    """One Decap field for a schema property; None for what the form leaves out."""
    if schema.get("x-publik") is False:
        return None
    out: dict[str, Any] = {"name": name, "label": _label(schema, name), "required": required}
    if schema.get("description"):
        out["hint"] = schema["description"]
    options = _select_for(path, pilihan)
    kind = schema.get("type")
    if options is not None:
        out.update(widget="select", options=options)
    elif "enum" in schema:
        out.update(widget="select", options=[{"label": str(v).replace("-", " "), "value": v} for v in schema["enum"]])
    elif kind == "object":
        fields = _fields(schema, path, pilihan, required)
        out.update(widget="object", fields=fields, collapsed=not required)
    elif kind == "array" and isinstance(schema.get("items"), dict) and schema["items"].get("type") == "object":
        out.update(widget="list", fields=_fields(schema["items"], path, pilihan, True),
                   add_to_top=False, allow_add=True, default=[])
        if "langkah" in schema["items"].get("properties", {}):
            out["summary"] = "Langkah {{fields.langkah}} · {{fields.oleh}} → {{fields.kepada}}"
    elif kind == "array":
        return None  # coordinates and file lists: edited elsewhere, kept as they are
    elif schema.get("format") == "date":
        out.update(widget="datetime", format="YYYY-MM-DD", date_format="DD-MM-YYYY", time_format=False,
                   picker_utc=False, default="")
    elif schema.get("format") == "date-time":
        out.update(widget="datetime", format=WAKTU, date_format="DD-MM-YYYY", time_format="HH:mm",
                   picker_utc=False, default="")
    elif kind in ("integer", "number"):
        out.update(widget="number", value_type="int" if kind == "integer" else "float")
        for key in ("minimum", "maximum"):
            if key in schema:
                out[key[:3]] = schema[key]
    elif kind == "string":
        out["widget"] = "text" if schema.get("maxLength", 0) > 200 else "string"
        if schema.get("pattern") and schema["pattern"] != "\\S":
            out["pattern"] = [schema["pattern"], f"Tidak sesuai bentuk yang diminta: {schema.get('description', '')}".strip()]
    else:
        return None
    return out


def _fields(schema: dict, path: tuple[str, ...], pilihan: Pilihan, parent_required: bool,
            skip: tuple[str, ...] = ()) -> list[dict]:
    required = set(schema.get("required", [])) if parent_required else set()
    out = []
    for name, sub in schema.get("properties", {}).items():
        if name in skip:
            continue
        made = field(name, sub, name in required, path + (name,), pilihan)
        if made is not None:
            if not parent_required and name in schema.get("required", []):
                made["hint"] = (made.get("hint", "") + " Wajib bila bagian ini diisi.").strip()
            out.append(made)
    return out


def _jenis(value: str) -> dict:
    return {"name": "_jenis", "label": "Jenis", "widget": "hidden", "default": value, "required": False}


# What both folder collections (berkas and usulan of a year) share: YAML files made
# but never deleted through the forms (a record leaves the register only by a
# reviewed pull request), no preview pane.
_FOLDER_COLLECTION = {"extension": "yaml", "format": FORMAT, "create": True, "delete": False,
                      "editor": {"preview": False}}


def _berkas(tahun: int, schema: dict, pilihan: Pilihan) -> dict:
    fields = _fields(schema, (), pilihan, True, BERKAS_LEWATI)
    return {
        "name": f"berkas-{tahun}",
        "label": f"Berkas {tahun}",
        "label_singular": f"berkas {tahun}",
        "description": f"Berkas usulan setiap desa/kelurahan tahun {tahun}: surat pengantar dan disposisi Camat dan Kasi.",
        "folder": f"proposals/{tahun}",
        "path": "{{desa}}/berkas",
        "identifier_field": "desa",
        "summary": "{{dirname}} · nomor agenda {{nomor_agenda}}",
        **_FOLDER_COLLECTION,
        "filter": {"field": "_jenis", "value": "berkas"},
        "sortable_fields": ["nomor_agenda", "desa"],
        "fields": [_jenis("berkas"), *fields],
    }


def _usulan(tahun: int, schema: dict, pilihan: Pilihan, ref) -> dict:
    fields = _fields(schema, (), pilihan, True, USULAN_LEWATI)
    where = next(i for i, f in enumerate(fields) if f["name"] == "pengusul") + 1
    fields.insert(where, _private(schema, ref))
    tempat = [
        {"name": "_desa", "label": "Desa/kelurahan", "widget": "musrenbang-baru", "options": pilihan.desa,
         "required": False, "hint": "Desa/kelurahan pengusul: menentukan folder berkas usulan baru."},
        {"name": "_nomor", "label": "Nomor prioritas desa", "widget": "musrenbang-baru", "pola": "^[0-9]{2}$",
         "required": False, "hint": "Dua angka, misalnya 01 untuk prioritas pertama; menjadi awal nama berkas."},
    ]
    return {
        "name": f"usulan-{tahun}",
        "label": f"Usulan {tahun}",
        "label_singular": f"usulan {tahun}",
        "description": f"Usulan desa/kelurahan tahun {tahun}: isi usulan, klasifikasi (langkah 3) dan pemeriksaan Kasubid.",
        "folder": f"proposals/{tahun}",
        "path": "{{_desa}}/{{_berkas}}",  # _berkas: <nn>-<slug>, set before saving (register-cms.js)
        "identifier_field": "judul",
        "summary": "{{dirname}} · {{filename}}",
        **_FOLDER_COLLECTION,
        "filter": {"field": "_jenis", "value": "usulan"},
        "sortable_fields": ["judul", "perkiraan_biaya"],
        "view_filters": [{"label": f"Bidang {b['label']}", "field": "usulan_bidang", "pattern": b["value"]}
                         for b in pilihan.bidang],
        "fields": [_jenis("usulan"), *tempat, *fields],
    }


def _private(schema: dict, ref) -> dict:
    """The widget that takes the private fields in plain inputs and writes only ciphertext."""
    spec = schema["properties"][privasi.KUNCI]
    private = [{"jalur": ".".join(path), "label": sub.get("title", path[-1]), "hint": sub.get("description", ""),
                "pola": sub.get("pattern", "")} for path, sub in _private_fields(schema)]
    petugas = ref.petugas
    readers = [{"id": pid, "nama": petugas[pid]["jabatan"], "kunci": key}
               for pid, key in privasi.reader_keys(ref.sop, petugas)]
    return {"name": privasi.KUNCI, "label": spec.get("title", privasi.KUNCI), "widget": "musrenbang-data-pribadi",
            "required": False, "hint": spec.get("description", ""), "isian": private, "pembaca": readers}


def _private_fields(schema: dict, prefix: tuple[str, ...] = ()):
    for name, sub in schema.get("properties", {}).items():
        if sub.get("x-publik") is False:
            yield prefix + (name,), sub
        elif sub.get("type") == "object":
            yield from _private_fields(sub, prefix + (name,))


def collection_of(path: str) -> tuple[str, str] | None:
    """(collection, entry slug) of a record's form: proposals/2026/denok/berkas.yaml →
    ('berkas-2026', 'denok/berkas'); None for what has no form (the forum, templates)."""
    parts = path.split("/")
    if len(parts) != 4 or parts[0] != "proposals" or not parts[1].isdigit() or not parts[3].endswith(".yaml"):
        return None
    stem = parts[3].removesuffix(".yaml")
    kind = "berkas" if stem == "berkas" else "usulan"
    return f"{kind}-{parts[1]}", f"{parts[2]}/{stem}"


def entry_url(path: str) -> str:
    """The form of a record on the site, relative to the site root ('' when it has none)."""
    found = collection_of(path)
    return f"admin/#/collections/{found[0]}/entries/{found[1]}" if found else ""


def susunan(schema: dict) -> dict:
    """Key order and types of a record kind, nested ({name: {t: type, k: {...}}}): what the
    `register-yaml` format writes keys in and turns text into numbers by."""
    out = {}
    for name, sub in schema.get("properties", {}).items():
        entry: dict[str, Any] = {"t": sub.get("type", "")}
        inner = sub if sub.get("type") == "object" else sub.get("items") if isinstance(sub.get("items"), dict) else None
        if inner and inner.get("type") == "object":
            entry["k"] = susunan(inner)
        out[name] = entry
    return out
