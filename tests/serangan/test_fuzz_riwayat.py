"""Hostile bytes in commit metadata cannot change what a commit touches.

Hundreds of commits are made with `git fast-import` (which takes any byte git
can store): messages, author names and file names holding every C0 control
character, NUL in messages, invalid UTF-8, quotes, tabs and newlines. For every
commit the paths the checker sees must equal `git diff-tree`'s, the metadata
must round-trip, and `check`, `audit`, `validate` and the site's history
reader must finish without an internal error."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from musrenbang import jejak
from musrenbang.gitio import Repository

from ..gitrepo import SAFE_ENV, RegisterRepo

C0 = [bytes([n]) for n in range(1, 32)]
ODD = C0 + [b"\x7f", b"\xff", b"\xc3\x28", b"\xe2\x80\xae", b'"', b"'", b"\\", b"\t", b"\n", b" ", b":", b"\x1e\x1f"]
COMMITS = 320


def _quote(path: bytes) -> bytes:
    """C-style quoting, as fast-import reads a path."""
    out = b'"'
    for byte in path:
        char = bytes([byte])
        if char in (b'"', b"\\"):
            out += b"\\" + char
        elif byte < 32 or byte >= 127:
            out += b"\\%03o" % byte
        else:
            out += char
    return out + b'"'


def _hostile(rng: random.Random, index: int, length: int = 6) -> bytes:
    """Bytes that always include the index's control character, plus others."""
    return C0[index % len(C0)] + b"".join(rng.choice(ODD) + rng.choice([b"a", b"M", b"proposals/", b"0" * 40])
                                            for _ in range(length))


def _stream(rng: random.Random, parent: str) -> tuple[bytes, list[dict]]:
    stream, expected = [], []
    for index in range(COMMITS):
        name = _hostile(rng, index).replace(b"\n", b" ").replace(b"<", b"").replace(b">", b"")
        message = _hostile(rng, index, 10) + (b"\x00trailer" if index % 7 == 0 else b"")
        path = b"proposals/2025/denok/lampiran/" + _hostile(rng, index + 1, 3).replace(b"/", b"_")
        record = b"proposals/2025/denok/berkas.yaml" if index % 5 == 0 else None
        stream.append(b"commit refs/heads/main\nmark :%d\n" % (index + 1))
        stream.append(b"author %s <a%d@contoh.invalid> %d +0700\n" % (name.strip() or b"x", index, 1735700000 + index))
        stream.append(b"committer CI <ci@contoh.invalid> %d +0700\n" % (1735700000 + index))
        stream.append(b"data %d\n%s\n" % (len(message), message))
        stream.append(b"from %s\n" % (parent.encode() if index == 0 else b":%d" % index))
        stream.append(b"M 100644 inline %s\ndata 2\nx\n" % _quote(path))
        if record:
            body = b"# %d\n" % index
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (record, len(body), body))
        if index % 3 == 2:
            stream.append(b"D %s\n" % _quote(expected[-1]["path"]))
        expected.append({"path": path, "name": name.strip() or b"x", "message": message})
    return b"".join(stream), expected


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory, ssh_keys):
    repo = RegisterRepo(tmp_path_factory.mktemp("fuzz") / "register", ssh_keys)
    stream, expected = _stream(random.Random(20261202), repo.base)
    subprocess.run(["git", "fast-import", "--quiet", "--force"], cwd=repo.path, input=stream, check=True, env=SAFE_ENV,
                   capture_output=True)
    repo.git("reset", "-q", "--hard", "main")
    return repo, expected


def test_the_paths_of_every_commit_are_git_diff_trees(hostile_repo):
    repo, expected = hostile_repo
    commits = Repository(repo.path).commits([f"{repo.base}..HEAD"], first_parent=True)
    assert len(commits) == COMMITS
    for commit in commits:
        listing = subprocess.run(["git", "diff-tree", "-r", "--no-commit-id", "--name-only", "-z", commit.sha],
                                 cwd=repo.path, capture_output=True, check=True, env=SAFE_ENV).stdout
        truth = {p.decode("utf-8", "surrogateescape") for p in listing.split(b"\0") if p}
        assert {c.path for c in commit.changes} == truth, commit.sha


def test_names_and_messages_round_trip(hostile_repo):
    repo, expected = hostile_repo
    commits = Repository(repo.path).commits([f"{repo.base}..HEAD"], first_parent=True)
    for commit, wanted in zip(commits, expected):
        assert commit.raw_message == wanted["message"]
        assert commit.author_name == wanted["name"].decode("utf-8", "replace")


@pytest.mark.parametrize("fmt", ["json", "text", "github"])
@pytest.mark.parametrize("command", [["check", "--base", "BASE"], ["audit"], ["validate"]])
def test_commands_finish_without_an_internal_error(hostile_repo, command, fmt):
    repo, _ = hostile_repo
    args = [repo.base if part == "BASE" else part for part in command]
    result = subprocess.run([sys.executable, "-m", "musrenbang.cli", *args, "--format", fmt], cwd=repo.path,
                            capture_output=True, env=SAFE_ENV)
    stdout, stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")  # valid UTF-8, or this fails
    assert result.returncode in (0, 1), stderr
    assert "kesalahan internal" not in stderr and "Traceback" not in stderr
    assert not any(ord(c) < 32 and c not in "\n" for c in stdout), "a control byte reached the reader's terminal"


def test_the_sites_history_reader_sees_every_record_change(hostile_repo):
    repo, _ = hostile_repo
    trail = jejak.read(repo.path)
    assert trail.catatan == ""
    touching = [c for c in trail.commits if any(ch.path.endswith("berkas.yaml") for ch in c.changes)]
    assert len(touching) >= COMMITS // 5
