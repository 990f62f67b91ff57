"""The office's git plumbing: run git, commit a step, the key git signs with."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..errors import MusrenbangError


def commit(root: Path, written: list[str], message: str) -> str:
    """Commit the written files; git signs it when it is set up to (commit.gpgsign)."""
    git(root, "add", "--", *written)
    git(root, "commit", "-q", "-m", message, "--", *written)
    return git(root, "rev-parse", "HEAD").strip()


def git(root: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise MusrenbangError(f"git {args[0]} gagal: {done.stderr.strip()}")
    return done.stdout


def signing_key(root: Path) -> str:
    """The public SSH key git signs with here ('ssh-ed25519 AAAA...'), or ''."""
    if git(root, "config", "gpg.format", check=False).strip() != "ssh":
        return ""
    value = git(root, "config", "user.signingkey", check=False).strip()
    if not value:
        return ""
    if value.startswith(("ssh-", "key::")):
        return key_body(value.removeprefix("key::"))
    key = root / Path(value).expanduser()  # git reads a relative path from the working tree
    for candidate in (key.with_name(key.name + ".pub"), key):
        try:
            text = candidate.read_text("utf-8", errors="replace")
        except (OSError, ValueError):
            continue
        if text.startswith("ssh-"):
            return key_body(text)
    return ""


def key_body(key: str) -> str:
    """'ssh-ed25519 AAAA... comment' → 'ssh-ed25519 AAAA...'."""
    return " ".join(str(key).split()[:2])
