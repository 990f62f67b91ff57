"""A commit as its raw object says it: headers, then the message.

Parsed from the bytes `git cat-file` gives, never from formatted output, so a
message or a name can hold any byte without changing another field. A header we
cannot read (a crafted object) leaves the field empty instead of failing: the
commit is then simply not attributable to anyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

_IDENT = re.compile(rb"^(?P<name>.*?) ?<(?P<email>[^<>\n]*)> (?P<time>-?\d{1,19}) (?P<tz>[+-]\d{4})$", re.S)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass
class Commit:
    sha: str
    parents: list[str]
    author_name: str = ""
    author_email: str = ""
    author_time: datetime = EPOCH
    committer_time: datetime = EPOCH
    sig_status: str = "N"  # %G?: G good, N none, B bad, U/X/Y/R/E other
    sig_signer: str = ""
    sig_key: str = ""
    message: str = ""
    raw_message: bytes = b""
    raw: bytes = b""  # the whole object: its signature is checked from it
    changes: list = field(default_factory=list)

    def verdict(self, found: tuple[str, str, str] | None) -> None:
        """git's word on the signature: (status, key, principal); none = not verified."""
        self.sig_status, self.sig_key, self.sig_signer = found or ("N", "", "")

    @property
    def short(self) -> str:
        return self.sha[:8]

    @property
    def subject(self) -> str:
        return self.message.splitlines()[0] if self.message else ""


def parse_commit(sha: str, raw: bytes) -> Commit:
    head, _, message = raw.partition(b"\n\n")
    headers = _headers(head)
    author = _ident(headers.get(b"author", b""))
    committer = _ident(headers.get(b"committer", b""))
    return Commit(
        sha=sha,
        parents=[p.decode("ascii", "replace") for p in headers.get(b"parent*", [])],
        author_name=author[0],
        author_email=author[1],
        author_time=author[2],
        committer_time=committer[2],
        message=message.decode("utf-8", "replace").strip(),
        raw_message=message,
        raw=raw,
    )


def _headers(head: bytes) -> dict:
    """Header name → value (continuation lines folded); every `parent` kept in order."""
    headers: dict = {b"parent*": []}
    name = None
    for line in head.split(b"\n"):
        if line.startswith(b" ") and name is not None:
            continue  # a continuation (gpgsig, mergetag): not needed here
        name, _, value = line.partition(b" ")
        if name == b"parent":
            headers[b"parent*"].append(value)
        else:
            headers.setdefault(name, value)
    return headers


def _ident(value: bytes) -> tuple[str, str, datetime]:
    match = _IDENT.match(value)
    if not match:
        return value.decode("utf-8", "replace"), "", EPOCH
    offset = int(match["tz"][1:3]) * 60 + int(match["tz"][3:5])
    try:
        tz = timezone(timedelta(minutes=offset if match["tz"][:1] == b"+" else -offset))
        when = datetime.fromtimestamp(int(match["time"]), tz)
    except (OverflowError, OSError, ValueError):
        when = EPOCH
    return match["name"].decode("utf-8", "replace"), match["email"].decode("utf-8", "replace"), when
