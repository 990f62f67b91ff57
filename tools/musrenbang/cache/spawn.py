"""Programs the cache runs (git, find): started without importing `subprocess`
(7 ms at every start, more than running git takes), and read later, so that a
program's work overlaps with ours."""

from __future__ import annotations

import os


class Running:
    """One started program; `output()` waits for it."""

    def __init__(self, argv: list[str]):
        self.pid: int | None = None
        self.read_end: int | None = None
        if not hasattr(os, "posix_spawnp"):
            self._done = _run_with_subprocess(argv)
            return
        program = _on_path(argv[0])
        if program is None:
            self._done = None
            return
        read_end, write_end = os.pipe()
        try:
            self.pid = os.posix_spawn(program, argv, os.environ, file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0), (os.POSIX_SPAWN_DUP2, write_end, 1),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
            self.read_end = read_end
        except OSError:  # not installed
            os.close(read_end)
        finally:
            os.close(write_end)
        self._done = None

    def output(self) -> bytes | None:
        """What it printed, or None when it failed or could not start."""
        if self.pid is None or self.read_end is None:
            return self._done
        with os.fdopen(self.read_end, "rb") as out:
            data = out.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        self._done = data if os.waitstatus_to_exitcode(status) == 0 else None
        return self._done


    def __del__(self) -> None:
        """Never left behind: a program whose output is not wanted gets a closed
        pipe (SIGPIPE) and is reaped."""
        if self.pid is not None and self.read_end is not None:
            os.close(self.read_end)
            os.waitpid(self.pid, 0)
            self.pid = None


def _on_path(name: str) -> str | None:
    """The program in PATH's absolute folders only: an empty or relative entry
    ('.', as some CI images have) would run a `find` or `git` that a register
    ships in its own tree."""
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder, name)
        if os.path.isabs(folder) and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _run_with_subprocess(argv: list[str]) -> bytes | None:
    import subprocess
    try:
        done = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def output(argv: list[str]) -> bytes | None:
    return Running(argv).output()
