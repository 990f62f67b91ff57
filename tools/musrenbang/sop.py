"""The SOP as a model: roles, bidang, intake and the numbered steps.

Everything here is read from `sop/musrenbang-kecamatan.yaml`; no step, role or
status name is written in the code. `PEMERIKSA_BIDANG` is the one placeholder the
data may use for "the examiner of the usulan's bidang".
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from .errors import MusrenbangError

PEMERIKSA_BIDANG = "pemeriksa-bidang"
DEFAULT_PROTECTED = ("*", "!proposals/*", "proposals/_templat/*")

_DURATION = re.compile(r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$")


def parse_duration(text: str) -> timedelta:
    """ISO-8601 duration without years or months (PT5M, PT1H, P1DT2H)."""
    match = _DURATION.match(text)
    if not match or text in ("P", "PT"):
        raise ValueError(f"durasi ISO 8601 tidak sah: {text!r}")
    parts = {k: int(v or 0) for k, v in match.groupdict().items()}
    return timedelta(days=parts["d"], hours=parts["h"], minutes=parts["m"], seconds=parts["s"])


def describe_duration(delta: timedelta) -> str:
    """Indonesian wording of a duration: '5 menit', '1 jam 30 menit', '2 hari 3 jam'."""
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((days, "hari"), (hours, "jam"), (minutes, "menit")) if n]
    if not parts:
        return f"{secs} detik"
    return " ".join(parts)


@dataclass(frozen=True)
class Peran:
    id: str
    nama: str
    keterangan: str = ""
    kolom_sop: bool = False


@dataclass(frozen=True)
class Bidang:
    id: str
    nama: str
    pemeriksa: str


@dataclass(frozen=True)
class Catatan:
    """Where a step is recorded: the kind of record and the field it adds."""

    rekaman: str  # berkas | usulan | musrenbang
    isian: str


@dataclass(frozen=True)
class TindakLanjut:
    nama: str
    pelaksana: str
    status: str
    dicatat: Catatan
    lanjut_bila: tuple[tuple[str, Any], ...] = ()  # (field, value) the record must hold to go on


@dataclass(frozen=True)
class Langkah:
    nomor: int
    nama: str
    kegiatan: str
    pelaksana: str
    kelengkapan: str
    waktu: timedelta
    waktu_iso: str
    output: str
    keterangan: str | None
    status: tuple[str, ...]
    dicatat: Catatan
    kepada: tuple[str, ...]
    tindak_lanjut: TindakLanjut | None


@dataclass(frozen=True)
class Sop:
    data: dict[str, Any]
    peran: dict[str, Peran]
    bidang: dict[str, Bidang]
    penerimaan_pelaksana: str
    penerimaan_pencatat: tuple[str, ...]
    penerimaan_status: str
    penerimaan_output: str
    verifikasi: str
    pengesah: str
    koreksi_pelaksana: str
    pembaca_data_pribadi: tuple[str, ...]
    langkah: tuple[Langkah, ...]
    impor_pelaksana: tuple[str, ...] = ()
    dilindungi: tuple[str, ...] = ()
    forum_pencatat: tuple[str, ...] = ()

    @property
    def identitas(self) -> dict[str, Any]:
        return self.data["identitas"]

    def langkah_nomor(self, nomor: int) -> Langkah | None:
        return next((step for step in self.langkah if step.nomor == nomor), None)

    def langkah_pada(self, rekaman: str) -> tuple[Langkah, ...]:
        """The steps recorded on one kind of record, in SOP order."""
        return tuple(step for step in self.langkah if step.dicatat.rekaman == rekaman)

    def statuses(self) -> list[str]:
        """Every status in the order a record moves through them."""
        order = [self.penerimaan_status]
        for step in self.langkah:
            order.extend(step.status)
            if step.tindak_lanjut:
                order.append(step.tindak_lanjut.status)
        return order

    def dilindungi_jalur(self, path: str) -> bool:
        """Whether a change to `path` needs the pengesah (the last matching pattern decides)."""
        protected = False
        for pattern in self.dilindungi:
            negated = pattern.startswith("!")
            if fnmatch.fnmatchcase(path, pattern.lstrip("!")):
                protected = not negated
        return protected

    def nama_peran(self, peran_id: str) -> str:
        found = self.peran.get(peran_id)
        return found.nama if found else peran_id


def _catatan(data: dict[str, str]) -> Catatan:
    (rekaman, isian), = data.items()
    return Catatan(rekaman, isian)


def _langkah(data: dict[str, Any]) -> Langkah:
    mutu = data["mutu_baku"]
    status = data["status"]
    follow = data.get("tindak_lanjut")
    return Langkah(
        nomor=data["nomor"],
        nama=data["nama"],
        kegiatan=" ".join(data["kegiatan"].split()),
        pelaksana=data["pelaksana"],
        kelengkapan=mutu["kelengkapan"],
        waktu=parse_duration(mutu["waktu"]),
        waktu_iso=mutu["waktu"],
        output=mutu["output"],
        keterangan=data.get("keterangan"),
        status=tuple(status) if isinstance(status, list) else (status,),
        dicatat=_catatan(data["dicatat"]),
        kepada=tuple(data.get("kepada", ())),
        tindak_lanjut=TindakLanjut(
            follow["nama"], follow["pelaksana"], follow["status"], _catatan(follow["dicatat"]),
            tuple((follow.get("lanjut_bila") or {}).items()),
        )
        if follow
        else None,
    )


def from_data(data: dict[str, Any]) -> Sop:
    """Build the model from SOP data that has passed its schema."""
    try:
        return _model(data)
    except (KeyError, TypeError, ValueError) as error:
        raise MusrenbangError(
            f"Berkas SOP memakai format yang tidak dikenal versi alat ini (isian {error} tidak ada atau salah). "
            "Sesuaikan sop/musrenbang-kecamatan.yaml dengan sop/schemas/sop.schema.json."
        ) from None


def _with_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """Older SOP files (still in a register's history, read by `audit`) lack keys
    added later; each default is taken from the SOP's own data:

    - `langkah[].nama`: the step's output ("Disposisi Camat");
    - `koreksi.pelaksana`: who classifies usulan (the first step recorded on one);
    - `pengesah`: who chairs the last step (the forum);
    - `penerimaan.dicatatkan_oleh`: nobody besides the intake role;
    - `data_pribadi.pembaca`: the pengesah and the corrector;
    - `impor.pelaksana`: who registers paper berkas, and the pengesah;
    - `dilindungi`: everything outside proposals/, and the templates;
    - `forum.dicatat_oleh`: who chairs the forum, and who registers paper berkas.
    """
    steps = [{**step, "nama": step.get("nama") or step["mutu_baku"]["output"]} for step in data["langkah"]]
    on_usulan = [s["pelaksana"] for s in steps if "usulan" in s["dicatat"]]
    pengesah = data.get("pengesah") or steps[-1]["pelaksana"]
    paper = list((data.get("penerimaan") or {}).get("dicatatkan_oleh") or [])
    forum = [s["pelaksana"] for s in steps if "musrenbang" in s["dicatat"]]
    return {
        **data,
        "langkah": steps,
        "koreksi": data.get("koreksi") or {"pelaksana": on_usulan[0] if on_usulan else steps[0]["pelaksana"]},
        "pengesah": pengesah,
        "impor": data.get("impor") or {"pelaksana": list(dict.fromkeys(paper + [pengesah]))},
        "dilindungi": data.get("dilindungi") or list(DEFAULT_PROTECTED),
        "forum": data.get("forum") or {"dicatat_oleh": list(dict.fromkeys(forum + paper))},
        "data_pribadi": data.get("data_pribadi") or {"pembaca": _default_readers(data, steps, on_usulan)},
    }


def _default_readers(data: dict[str, Any], steps: list[dict], on_usulan: list[str]) -> list[str]:
    """Without `data_pribadi`: the pengesah and the corrector (who may fix a wrong NIK)."""
    pengesah = data.get("pengesah") or steps[-1]["pelaksana"]
    corrector = (data.get("koreksi") or {}).get("pelaksana") or (on_usulan[0] if on_usulan else steps[0]["pelaksana"])
    return list(dict.fromkeys([pengesah, corrector]))


def _model(data: dict[str, Any]) -> Sop:
    data = _with_defaults(data)
    intake = data["penerimaan"]
    return Sop(
        data=data,
        peran={p["id"]: Peran(p["id"], p["nama"], p.get("keterangan", ""), p.get("kolom_sop", False)) for p in data["peran"]},
        bidang={b["id"]: Bidang(b["id"], b["nama"], b["pemeriksa"]) for b in data["bidang"]},
        penerimaan_pelaksana=intake["pelaksana"],
        penerimaan_pencatat=tuple(intake.get("dicatatkan_oleh", ())),
        penerimaan_status=intake["status"],
        penerimaan_output=intake["output"],
        verifikasi=data["verifikasi"],
        pengesah=data["pengesah"],
        koreksi_pelaksana=data["koreksi"]["pelaksana"],
        impor_pelaksana=tuple(data["impor"]["pelaksana"]),
        dilindungi=tuple(data["dilindungi"]),
        forum_pencatat=tuple(data["forum"]["dicatat_oleh"]),
        pembaca_data_pribadi=tuple(data["data_pribadi"]["pembaca"]),
        langkah=tuple(sorted((_langkah(step) for step in data["langkah"]), key=lambda s: s.nomor)),
    )
