"""Personal data written where it would be published: a number that looks like
a NIK or a telephone number in a public text field (a warning: the field's text
reaches the site and every clone of the repository)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..records import Record
from ..schemas import strip_private
from .context import Context, strings, texts

# A NIK is 16 digits; written with spaces or dots now and then.
NIK = re.compile(r"(?<![\d.])\d(?:[ .]?\d){15}(?![\d.])")
# An Indonesian telephone number: mobile (08.., +628..) or a landline with its area code (0334-...).
TELEPON = re.compile(r"(?<![\d+.,])(?:\+62[ -]?|\(?0)(?:8\d{1,2}|[1-79]\d{1,3})\)?[ .-]?\d{3,4}[ .-]?\d{3,5}(?!\d)")


def _records(ctx: Context) -> Iterator[tuple[Record, str]]:
    yield from ((b, "berkas") for b in ctx.berkas())
    yield from ((u, "usulan") for u in ctx.usulan())
    for year in ctx.register.tahun.values():
        if year.forum is not None and year.forum.valid:
            yield year.forum, "musrenbang"


# What every match holds, without the look-behinds that make a search slow:
# 16 digits with at most one space or dot between them; a telephone's last two groups.
_CORE = re.compile(r"\d(?:[ .]?\d){15}|\d{3,4}[ .-]?\d{3,5}")
# The stretches where such a match can lie: digits, spaces, dots and dashes, from
# a digit, six characters or more. `_CORE` tries both its branches at every digit
# of every date and number in a record; run on these stretches alone it finds
# the same matches in a third of the time (tests/test_privasi.py compares both).
_STRETCH = re.compile(r"\d[\d .-]{5,}")


def _may_hold(public) -> bool:
    """Whether some text may match, with one quick search per pattern over all
    texts joined by newlines (no pattern matches a newline, so nothing is found
    across two texts)."""
    joined = "\n".join(texts(public, []))
    return any(_CORE.search(stretch) for stretch in _STRETCH.findall(joined))


def personal_data_in_text(ctx: Context) -> Iterator[Finding]:
    for record, kind in _records(ctx):
        if not _may_hold(record.data):  # all texts, private ones too: more than needed, found faster
            continue
        public = strip_private(record.data, ctx.private.get(kind, []))
        if not _may_hold(public):
            continue
        for where, text in strings(public):
            for pattern, what in ((NIK, "NIK"), (TELEPON, "nomor telepon")):
                if pattern.search(text):
                    field = ".".join(str(p) for p in where)
                    yield Finding(record.path, *record.doc.where(where), "privasi.data-pribadi-di-teks",
                                  f"Isian '{field}' memuat angka yang tampak seperti {what}; isian ini diterbitkan.",
                                  f"Hapus {what} dari teks ini. Data pribadi pengusul hanya ditulis di isiannya "
                                  "sendiri (pengusul), yang tidak diterbitkan.", "peringatan")
                    break


CHECKS = (personal_data_in_text,)
