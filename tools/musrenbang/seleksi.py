"""Step 4, the kecamatan forum: which usulan pass, per bidang, as a deterministic
function of public records.

Inputs: the year's usulan (eligible when classified and examined layak), the
forum record (`musrenbang.yaml`: scores, delegations' approvals, pagu override)
and `sop/kriteria.yaml` (criteria and weights, pagu, options). Two rules:

- `skor`: the weighted mean of the assessors' scores; rank; fill the pagu in rank
  order, skipping what no longer fits; at most `batas_per_desa` per desa, and,
  with `minimal_satu_per_desa`, first the best usulan of each desa that fits;
- `equal-shares` ("metode bagian setara"): the Method of Equal Shares over the
  approvals of the delegations present, each holding an equal share of the pagu
  whether or not it approves anything (`mes`); `batas_per_desa` caps the usulan
  per desa in MES and its completion; `minimal_satu_per_desa` gives, after MES,
  each desa with nothing selected its most approved usulan that fits.

Ties are broken by score, the desa's own priority, nomor agenda, then path.
Every usulan of the year gets a result and a reason in plain Indonesian.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from . import mes
from .errors import MusrenbangError
from .register import Tahun
from .format import rupiah
from .sop import Sop

ATURAN = ("skor", "equal-shares")


@dataclass(frozen=True)
class Kandidat:
    rujukan: str  # desa/nn
    desa: str
    nomor: int
    nomor_agenda: int
    path: str
    biaya: int
    bidang: str | None
    alasan_tidak: str = ""  # why it cannot take part (not classified, not examined, tidak layak)
    skor: Fraction | None = None

    @property
    def layak(self) -> bool:
        return not self.alasan_tidak


@dataclass
class Keputusan:
    usulan: str
    lolos: bool
    alasan: str
    peringkat: int | None = None
    skor: float | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"usulan": self.usulan, "lolos": self.lolos, "alasan": self.alasan}
        if self.peringkat is not None:
            data["peringkat"] = self.peringkat
        if self.skor is not None:
            data["skor"] = self.skor
        return data


@dataclass
class Hasil:
    aturan: str
    keputusan: list[Keputusan] = field(default_factory=list)
    pagu: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"aturan": self.aturan, "usulan": [k.as_dict() for k in self.keputusan]}


# --- inputs -------------------------------------------------------------------------

def pagu(tahun: int, forum: dict, kriteria: dict, sop: Sop) -> dict[str, int]:
    """Pagu per bidang: the forum's own, else the year's in kriteria, else the default."""
    per_year = (kriteria["pagu"].get("tahun") or {}).get(str(tahun), {})
    result = {}
    for bidang in sop.bidang:
        value = (forum.get("pagu") or {}).get(bidang, per_year.get(bidang, kriteria["pagu"]["bawaan"].get(bidang)))
        if value is None:
            raise MusrenbangError(f"Pagu bidang {bidang} tahun {tahun} tidak ada di sop/kriteria.yaml.")
        result[bidang] = value
    return result


def weighted_scores(forum: dict, kriteria: dict) -> dict[str, Fraction]:
    """Per usulan: Σ weight × (mean of the assessors' scores) / Σ weight, when every
    criterion has at least one score."""
    weights = {k["id"]: Fraction(str(k["bobot"])) for k in kriteria["kriteria"]}
    given: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for entry in forum.get("penilaian") or []:
        for criterion, value in entry["skor"].items():
            given[entry["usulan"]][criterion].append(value)
    result = {}
    for rujukan, by_criterion in given.items():
        if all(by_criterion.get(c) for c in weights):
            total = sum(w * Fraction(sum(by_criterion[c]), len(by_criterion[c])) for c, w in weights.items())
            result[rujukan] = total / sum(weights.values())
    return result


def candidates(year: Tahun, sop: Sop, scores: dict[str, Fraction]) -> list[Kandidat]:
    result = []
    for item in year.usulan:
        if not item.valid:
            continue
        berkas = year.berkas.get(item.desa)
        agenda = berkas.data["nomor_agenda"] if berkas and berkas.valid else 10**9
        klasifikasi = item.data.get("klasifikasi") or {}
        pemeriksaan = item.data.get("pemeriksaan") or {}
        if not klasifikasi:
            reason = "belum dibagi ke bidang (langkah 3)"
        elif not pemeriksaan:
            reason = "belum diperiksa Kasubid"
        elif pemeriksaan.get("hasil") != "layak":
            reason = "tidak layak menurut pemeriksaan Kasubid"
        else:
            reason = ""
        result.append(Kandidat(item.rujukan, item.desa, item.nomor, agenda, item.path, item.data["perkiraan_biaya"],
                               klasifikasi.get("bidang") or item.data.get("usulan_bidang"), reason,
                               scores.get(item.rujukan)))
    return result


def _order(items: list[Kandidat]) -> list[Kandidat]:
    """Best first: score, the desa's own priority, nomor agenda, path."""
    return sorted(items, key=lambda k: (-(k.skor or 0), k.nomor, k.nomor_agenda, k.path))


# --- rules --------------------------------------------------------------------------

def _rule_skor(items: list[Kandidat], budget: int, nama_bidang: str, options: dict) -> list[Keputusan]:
    """Rank order; with `minimal_satu_per_desa` each desa's best usulan that fits is
    taken first; then the pagu is filled in rank order. Every reason names the
    rule that decided and the pagu left at the moment the usulan was considered."""
    ranked = _order([k for k in items if k.skor is not None])
    cap = options.get("batas_per_desa")
    left, per_desa, first = budget, defaultdict(int), {}
    if options.get("minimal_satu_per_desa"):
        for desa in dict.fromkeys(k.desa for k in ranked):
            pick = next((k for k in ranked if k.desa == desa and k.biaya <= left), None)
            if pick:
                first[pick.rujukan] = left
                per_desa[desa] += 1
                left -= pick.biaya
    after = "sesudah usulan terbaik setiap desa didahulukan" if first else "menurut peringkat"
    decisions = []
    for position, item in enumerate(ranked, start=1):
        rank = f"peringkat {position} bidang {nama_bidang}"
        score = round(float(item.skor), 4)
        if item.rujukan in first:
            reason, lolos = (f"{rank}; didahulukan sebagai usulan terbaik desanya yang muat (minimal satu usulan "
                             f"per desa), sisa pagu saat itu {rupiah(first[item.rujukan])}"), True
        elif cap and per_desa[item.desa] >= cap:
            reason, lolos = f"{rank}; batas {cap} usulan per desa per bidang sudah tercapai", False
        elif item.biaya > left:
            reason, lolos = f"{rank}; biaya {rupiah(item.biaya)} melebihi sisa pagu {rupiah(left)} ({after})", False
        else:
            reason, lolos = f"{rank}; masuk sisa pagu {rupiah(left)} ({after})", True
            per_desa[item.desa] += 1
            left -= item.biaya
        decisions.append(Keputusan(item.rujukan, lolos, reason, position, score))
    unscored = [k for k in items if k.skor is None]
    decisions += [Keputusan(k.rujukan, False, "belum dinilai lengkap (setiap kriteria perlu skor)") for k in unscored]
    return decisions


METODE = "metode bagian setara"
# What a citizen reads for each rule id (the ids themselves are fixed by the CLI and the records).
NAMA_ATURAN = {"skor": "skor berbobot", "equal-shares": f"{METODE} (equal-shares)"}
PENJELASAN = {
    "skor": "Usulan diurutkan menurut rata-rata skor berbobot para penilai, lalu pagu setiap bidang diisi menurut "
            "peringkat.",
    "equal-shares": "Pagu setiap bidang dibagi sama rata kepada semua delegasi yang hadir (juga yang tidak menyetujui "
                    "apa pun), dan setiap usulan dibiayai bersama dari bagian delegasi yang menyetujuinya.",
}


def _rule_equal_shares(items: list[Kandidat], budget: int, nama_bidang: str, ballots: list[set[str]],
                       increment: int, options: dict) -> list[Keputusan]:
    ordered = _order(items)
    names = [k.rujukan for k in ordered]
    ballots = [b & set(names) for b in ballots]
    jejak: mes.Jejak = {}
    cap = options.get("batas_per_desa")
    picked = mes.equal_shares({k.rujukan: k.biaya for k in ordered}, ballots, budget, names, increment,
                              groups={k.rujukan: k.desa for k in ordered}, cap=cap,
                              at_least_one=bool(options.get("minimal_satu_per_desa")), jejak=jejak)
    selected = {name: i for i, name in enumerate(picked, start=1)}
    decisions = []
    for item in ordered:
        votes = sum(item.rujukan in b for b in ballots)
        stage, left = jejak.get(item.rujukan, (None, None))
        support = f"{votes} delegasi menyetujui"
        if item.rujukan in selected:
            head = f"terpilih ke-{selected[item.rujukan]} bidang {nama_bidang}"
            reason = {"mes": f"{head} dengan {METODE} ({support})",
                      "minimal": f"{head}: usulan desanya yang paling banyak disetujui dan muat (minimal satu usulan "
                                 f"per desa), sisa pagu saat itu {rupiah(left)} ({support})",
                      "greedy": f"{head} saat sisa pagu {rupiah(left)} diisi menurut banyaknya persetujuan "
                                f"({support})"}[stage]
            decisions.append(Keputusan(item.rujukan, True, reason, selected[item.rujukan]))
        elif votes == 0:
            decisions.append(Keputusan(item.rujukan, False, "tidak disetujui delegasi yang hadir"))
        elif stage == "batas":
            decisions.append(Keputusan(item.rujukan, False, f"batas {cap} usulan per desa per bidang sudah tercapai "
                                                            f"({support})"))
        else:  # the greedy completion considered it and it did not fit
            decisions.append(Keputusan(item.rujukan, False, f"biaya {rupiah(item.biaya)} melebihi sisa pagu "
                                                            f"{rupiah(left)} ({support})"))
    return decisions


# The add1 step is at least this fraction of the pagu: MES runs end by the time a
# share reaches the whole pagu, so there are at most this many steps.
LANGKAH_MAKS = 1000


def kenaikan(options: dict, budget: int, nama_bidang: str) -> int:
    """The add1 step for a bidang: `kenaikan_anggaran`, else 0.1% of the pagu."""
    least = max(1, -(-budget // LANGKAH_MAKS))
    step = options.get("kenaikan_anggaran")
    if step is None:
        return least
    if step < least:
        raise MusrenbangError(f"kenaikan_anggaran {rupiah(step)} di sop/kriteria.yaml terlalu kecil untuk pagu bidang "
                              f"{nama_bidang} {rupiah(budget)}: paling sedikit {rupiah(least)} (0,1% pagu).")
    return step


def present(forum: dict) -> list[str]:
    """The delegations recorded present: the voters of every session."""
    return sorted(slug for slug, d in (forum.get("delegasi") or {}).items() if d.get("hadir"))


def duplicate_sheets(forum: dict) -> list[int]:
    """Indexes in `penilaian` of a sheet whose assessor already scored that usulan."""
    seen, result = set(), []
    for index, entry in enumerate(forum.get("penilaian") or []):
        key = (entry["usulan"], entry["penilai"].strip().casefold())
        if key in seen:
            result.append(index)
        seen.add(key)
    return result


def select(year: Tahun, sop: Sop, kriteria: dict, aturan: str | None = None) -> Hasil:
    """The forum's result for every usulan of the year, with the given rule
    (default: the one in `sop/kriteria.yaml`)."""
    if year.forum is None or not year.forum.valid:
        raise MusrenbangError(f"Catatan forum proposals/{year.tahun}/musrenbang.yaml belum ada atau belum sah.")
    options = kriteria["seleksi"]
    aturan = aturan or options["aturan"]
    if aturan not in ATURAN:
        raise MusrenbangError(f"Aturan seleksi '{aturan}' tidak dikenal; pilih {' atau '.join(ATURAN)}.")
    forum = year.forum.data
    twice = duplicate_sheets(forum)
    if twice:
        sheet = forum["penilaian"][twice[0]]
        raise MusrenbangError(f"Penilai '{sheet['penilai']}' menilai '{sheet['usulan']}' lebih dari sekali di "
                              f"proposals/{year.tahun}/musrenbang.yaml; hapus lembar yang ganda.")
    items = candidates(year, sop, weighted_scores(forum, kriteria))
    hasil = Hasil(aturan, pagu=pagu(year.tahun, forum, kriteria, sop))
    for bidang in sop.bidang.values():
        eligible = [k for k in items if k.bidang == bidang.id and k.layak]
        if aturan == "skor":
            hasil.keputusan += _rule_skor(eligible, hasil.pagu[bidang.id], bidang.nama, options)
        else:
            budget = hasil.pagu[bidang.id]
            approvals = forum.get("persetujuan") or {}
            ballots = [set(approvals.get(slug) or []) for slug in present(forum)]
            hasil.keputusan += _rule_equal_shares(eligible, budget, bidang.nama, ballots,
                                                  kenaikan(options, budget, bidang.nama), options)
    hasil.keputusan += [Keputusan(k.rujukan, False, k.alasan_tidak) for k in sorted(items, key=lambda k: k.path)
                        if not k.layak]
    return hasil
