"""What every cross-reference check reads, and the helpers they share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ..findings import Finding
from ..records import Berkas, Record, Usulan
from ..referensi import Referensi
from ..register import Register
from ..similar import suggest
from ..sop import Sop


@dataclass
class Context:
    ref: Referensi
    register: Register
    now: datetime
    private: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # kind → paths not published
    until: datetime | None = None  # the earliest time found in the future: the findings hold until then

    def in_future(self, moment: datetime) -> bool:
        """Whether `moment` is after now (noted: a cached answer expires then)."""
        if moment <= self.now:
            return False
        self.until = moment if self.until is None else min(self.until, moment)
        return True

    @property
    def sop(self) -> Sop:
        assert self.ref.sop is not None
        return self.ref.sop

    def berkas(self) -> Iterator[Berkas]:
        for year in self.register.tahun.values():
            yield from (b for b in year.berkas.values() if b.valid)

    def usulan(self) -> Iterator[Usulan]:
        for year in self.register.tahun.values():
            yield from (u for u in year.usulan if u.valid)

    def usulan_with_berkas(self) -> Iterator[tuple[Usulan, Berkas]]:
        """Valid usulan whose berkas is valid too: the steps on one need the other.
        (A missing or invalid berkas has findings of its own.)"""
        for year in self.register.tahun.values():
            for item in year.usulan:
                found = year.berkas.get(item.desa)
                if item.valid and found and found.valid:
                    yield item, found


def strings(value: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every string in a record's data, keys excluded."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, path + (index,))
    elif isinstance(value, str):
        yield path, value


def texts(value: object, out: list[str]) -> list[str]:
    """Every string in a record's data, without paths: the fast walk for rules
    that look at all texts at once (a generator per level cost them half their time)."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            texts(item, out)
    elif isinstance(value, list):
        for item in value:
            texts(item, out)
    return out


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def check_oleh(ctx: Context, record: Record, where: tuple, oleh: str, roles: set[str], what: str) -> Iterator[Finding]:
    """The petugas named by `oleh` exists and holds one of `roles`."""
    petugas = ctx.ref.petugas
    person = petugas.get(oleh)
    if person is None:
        yield record.finding(
            where, "oleh.tidak-dikenal",
            f"Petugas '{oleh}' tidak ada di sop/petugas.yaml.",
            suggest(oleh, petugas, "petugas") or "Tulis id petugas dari sop/petugas.yaml.",
        )
        return
    if not roles & set(person["peran"]):
        needed = " atau ".join(sorted(roles))
        holders = sorted(p["id"] for p in petugas.values() if roles & set(p["peran"]))
        yield record.finding(
            where, "oleh.peran-salah",
            f"{what} harus oleh pemegang peran {needed}; '{oleh}' berperan {', '.join(person['peran'])}.",
            ("Petugas yang memegang peran itu: " + ", ".join(holders) + ".") if holders
            else f"Belum ada petugas berperan {needed} di sop/petugas.yaml.",
        )


def check_role(ctx: Context, record: Record, where: tuple, role: str, allowed: tuple[str, ...] | None) -> Iterator[Finding]:
    """`role` is a role of the SOP and, when `allowed` is given, one of them."""
    if role not in ctx.sop.peran:
        yield record.finding(
            where, "kepada.peran-tidak-dikenal",
            f"Peran '{role}' tidak dikenal di SOP.",
            suggest(role, ctx.sop.peran, "peran"),
        )
    elif allowed and role not in allowed:
        yield record.finding(
            where, "kepada.tidak-sesuai-sop",
            f"Menurut SOP, langkah ini ditujukan kepada {' atau '.join(allowed)}, bukan '{role}'.",
            f"Ganti 'kepada: {role}' menjadi 'kepada: {allowed[0]}'.",
        )


def in_order(record: Record, times: list[tuple[tuple, str, str]]) -> Iterator[Finding]:
    """Each (where, label, iso time) comes no earlier than the one before."""
    previous = None
    for where, label, text in times:
        moment = parse_time(text)
        if previous and moment < previous[2]:
            yield record.finding(
                where, "waktu.urutan",
                f"Waktu {label} ({text}) lebih awal daripada {previous[1]} ({previous[0]}).",
                "Periksa tanggal dan jamnya: setiap langkah terjadi sesudah langkah sebelumnya.",
            )
        previous = (text, label, moment)
