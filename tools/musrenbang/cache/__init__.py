"""A content-addressed cache of parsed and checked records, kept between runs.

Where: never in the register's tree, which an archive or a pull request
controls (links included). In `<git common dir>/musrenbang-cache/` when
`git rev-parse --git-common-dir` in the root names one (git's safe.directory
and ownership rules apply; shared by worktrees), else in
`$XDG_CACHE_HOME/musrenbang/<SHA-256 of the resolved root>/` (`~/.cache`). The
base and each folder below it must be a real folder owned by this user, or
there is no cache; folders and files are opened relative to their parent
without following links, and only names of the cache's own form (`NAME`) are
read, written or removed. A record holding a private value in plain text is
never stored (`bulk.plain_private`).

What is stored, each entry checked before it is trusted:

- records: per schema fingerprint, packs of `key → [data, valid, findings]`
  (findings without their path). A key is `<kind>:<content id>`: the SHA-256 of
  the bytes for a file read from disk (computed here: SHA-1 collisions can be
  made, and git's index may name other bytes than those on disk when
  .gitattributes converts them), git's object id for a blob read from git (git
  computed it, with collision detection);
- the stat cache: path → (size, mtime, ctime, inode, device, SHA-256), so a
  file unchanged since it was hashed is not read again; only entries whose
  ctime is two seconds older than the run are kept (a change later bumps ctime);
- results: a whole `validate` answer keyed by everything it read;
- turunan: files the site makes from public data alone (the open-data XLSX,
  whose writing cost a site build seconds), keyed by the rows they hold, the
  tool's code and the writing library's version.

Every file is written to a temporary name and renamed into place (`os.replace`),
so two processes may run at once; every file starts with a header naming the
format version and the SHA-256 of its payload, so a torn, truncated or flipped
file is detected, removed and recomputed. A cache that cannot be written is
skipped without a word. `MUSRENBANG_TANPA_CACHE=1` (or `--tanpa-cache`) turns it off.
"""

from .keys import code_fingerprint, content_id, digest
from .records import RecordCache
from .results import derived_key, load_derived, load_result, load_shortcut, save_derived, save_result, save_shortcut
from .store import ENV_OFF, Store, disabled, folder_for, open_store
from .tree import RACY_NS, Scan, Signature, StatCache, Tree, scan

__all__ = ["ENV_OFF", "RACY_NS", "RecordCache", "Scan", "Signature", "StatCache", "Store", "Tree", "code_fingerprint",
           "content_id", "derived_key", "digest", "disabled", "folder_for", "load_derived", "load_result",
           "load_shortcut", "open_store", "save_derived", "save_result", "save_shortcut", "scan"]
