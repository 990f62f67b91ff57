"""Indonesian formatting for the website: dates, times, rupiah and numbers."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
         "Agustus", "September", "Oktober", "November", "Desember")
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}


def ribuan(value: int | float) -> str:
    """12345678 → '12.345.678'; decimals with a comma."""
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value:,.2f}".split(".")
        return whole.replace(",", ".") + "," + frac.rstrip("0")
    return f"{int(value):,}".replace(",", ".")


def rupiah(value: int | None) -> str:
    return "" if value is None else f"Rp{ribuan(value)}"


def tanggal(value: str | date | None) -> str:
    """'2025-01-13' → '13 Januari 2025'."""
    if not value:
        return ""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def waktu(value: str | datetime | None) -> str:
    """'2025-01-13T08:30:00+07:00' → '13 Januari 2025 08.30 WIB'."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    offset = moment.utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset is not None else None
    if hours not in ZONES:
        moment = moment.astimezone(timezone(timedelta(hours=7)))
        hours = 7
    return f"{tanggal(moment.date())} {moment.hour:02d}.{moment.minute:02d} {ZONES[hours]}"


def hari_tanggal(value: str | date) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{HARI[day.weekday()]}, {tanggal(day)}"
