"""The repository on a forge: workflows, CODEOWNERS, pre-commit, editor help,
and `musrenbang init`; one pull request played end to end on a local bare
repository as the forge would see it."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from musrenbang import inisialisasi
from musrenbang.validate import validate

from .conftest import REPO
from .gitrepo import SAFE_ENV, RegisterRepo

BIN = Path(sys.executable).parent
WORKFLOWS = ("periksa.yml", "terbitkan.yml")
TEMPLATES = Path(inisialisasi.__file__).parent / "templat"


def run(command: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**SAFE_ENV, "PATH": f"{BIN}{os.pathsep}{SAFE_ENV.get('PATH', '')}", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**environment, **(env or {})})


# --- the files in this repository ---------------------------------------------

@pytest.mark.parametrize("name", WORKFLOWS)
def test_workflows_are_rendered_from_the_package_templates(name):
    assert (REPO / ".github/workflows" / name).read_text() == inisialisasi.workflow(name, ".")


@pytest.mark.parametrize("name", WORKFLOWS)
def test_workflows_run_without_the_cache(name):
    """On a persistent runner an earlier job could write .git/musrenbang-cache;
    on an ephemeral one the cache gives nothing."""
    steps = [step for job in yaml.safe_load(inisialisasi.workflow(name, "."))["jobs"].values() for step in job["steps"]]
    runs = [step for step in steps if re.search(r"musrenbang (validate|check|audit)", str(step.get("run", "")))]
    assert runs
    for step in runs:
        assert "--tanpa-cache" in step["run"] or (step.get("env") or {}).get("MUSRENBANG_TANPA_CACHE") == "1", step


def test_workflows_validate_against_the_github_workflow_schema(tmp_path):
    fresh = tmp_path / "baru"
    inisialisasi.init(fresh, "Sukodono", "35.08.11")
    files = [str(REPO / ".github/workflows" / n) for n in WORKFLOWS] + [str(fresh / ".github/workflows" / n) for n in WORKFLOWS]
    result = run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files], REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_check_out_full_history_with_least_privileges():
    periksa = yaml.safe_load((REPO / ".github/workflows/periksa.yml").read_text())
    terbitkan = yaml.safe_load((REPO / ".github/workflows/terbitkan.yml").read_text())
    assert periksa["permissions"] == {"contents": "read", "pull-requests": "read"}
    assert terbitkan["permissions"] == {"contents": "read"}
    assert terbitkan["jobs"]["pasang"]["permissions"] == {"pages": "write", "id-token": "write"}
    for flow in (periksa, terbitkan):
        checkout = next(s for job in flow["jobs"].values() for s in job["steps"] if "checkout" in s.get("uses", ""))
        assert checkout["with"]["fetch-depth"] == 0


def test_package_copies_of_the_sop_and_templates_equal_the_repositorys():
    pairs = [(REPO / "sop", TEMPLATES / "register/sop"), (REPO / "proposals/_templat", TEMPLATES / "register/_templat")]
    for repo_dir, package_dir in pairs:
        for path in package_dir.rglob("*"):
            if path.is_file():
                assert filecmp.cmp(path, repo_dir / path.relative_to(package_dir), shallow=False), path
    assert sorted(p.name for p in (REPO / "sop/schemas").iterdir()) == sorted(p.name for p in (TEMPLATES / "register/sop/schemas").iterdir())
    assert (REPO / ".pre-commit-config.yaml").read_text() == (TEMPLATES / "register/pre-commit-config.yaml").read_text()
    assert (REPO / ".vscode/settings.json").read_text() == (TEMPLATES / "register/vscode-settings.json").read_text()


def test_every_record_and_template_names_its_schema_for_editors():
    kinds = {"berkas.yaml": "berkas", "musrenbang.yaml": "musrenbang"}
    files = list((REPO / "proposals").rglob("*.yaml")) + list((REPO / "sop").glob("*.yaml"))
    assert len(files) > 70
    for path in files:
        first = path.read_text("utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path} lacks the schema line"
        schema = (path.parent / match[1]).resolve()
        assert schema.is_file(), f"{path}: {match[1]} does not exist"
        if path.parent.parent.parent.name == "proposals" or path.parent.name == "_templat":
            expected = kinds.get(path.name, "usulan")
            assert schema.name == f"{expected}.schema.json", path
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    assert all((REPO / schema).is_file() for schema in settings["yaml.schemas"])


def test_pre_commit_files_are_valid_and_the_hook_runs(tmp_path):
    assert run([str(BIN / "pre-commit"), "validate-manifest", ".pre-commit-hooks.yaml"], REPO).returncode == 0
    assert run([str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"], REPO).returncode == 0
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, env=SAFE_ENV)
    home = {"PRE_COMMIT_HOME": str(tmp_path / "cache")}
    assert run([str(BIN / "pre-commit"), "run", "--all-files"], clone, home).returncode == 0
    berkas = clone / "proposals/2025/denok/berkas.yaml"
    berkas.write_text(berkas.read_text().replace("desa: denok", "desa: denoq"))
    failed = run([str(BIN / "pre-commit"), "run", "--files", str(berkas)], clone, home)
    assert failed.returncode == 1 and "berkas.desa-tidak-cocok" in failed.stdout


# --- CODEOWNERS -------------------------------------------------------------------

def test_codeowners_follows_petugas_and_validate_catches_drift(register):
    assert run([sys.executable, "-m", "musrenbang.cli", "codeowners"], register).returncode == 0
    owners = (register / ".github/CODEOWNERS").read_text()
    assert "/proposals/ @endang-kasi @rizky-pencatat\n" in owners
    # the pengesah owns every protected path (tools/, .github/, sop/, the site), first and most general
    assert owners.index("* @camat-lumajang\n") < owners.index("/proposals/ @endang-kasi")
    assert "/proposals/_templat/ @camat-lumajang\n" in owners
    assert "/proposals/*/musrenbang.yaml @camat-lumajang\n" in owners
    assert validate(register) == []
    petugas = register / "sop/petugas.yaml"
    petugas.write_text(petugas.read_text().replace("akun: rizky-pencatat", "akun: rizky-baru"))
    assert [f.rule for f in validate(register)] == ["forge.codeowners-usang"]


# --- musrenbang init --------------------------------------------------------------

def test_init_makes_a_register_that_validates_and_builds(tmp_path):
    target = tmp_path / "sukodono"
    result = run([sys.executable, "-m", "musrenbang.cli", "init", str(target), "--kecamatan", "Sukodono",
                  "--kode", "35.08.11"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert run([sys.executable, "-m", "musrenbang.cli", "validate"], target).returncode == 0
    built = run([sys.executable, "-m", "mkdocs", "build", "--strict"], target)
    assert built.returncode == 0, built.stderr
    assert "Sukodono" in (target / "site/index.html").read_text()
    assert "Kecamatan Sukodono" in (target / "sop/musrenbang-kecamatan.yaml").read_text()
    assert 'kode: "35.08.11"' in (target / "sop/wilayah.yaml").read_text()


@pytest.mark.parametrize("args, message", [
    (["--kecamatan", "Sukodono", "--kode", "3508"], "Kode kecamatan"),
    (["--kecamatan", "Suko: dono", "--kode", "35.08.11"], "Nama kecamatan"),
])
def test_init_refuses_bad_input(tmp_path, args, message):
    result = run([sys.executable, "-m", "musrenbang.cli", "init", str(tmp_path / "x"), *args], tmp_path)
    assert result.returncode == 2 and message in result.stderr


def test_init_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "ada.txt").write_text("x")
    result = run([sys.executable, "-m", "musrenbang.cli", "init", str(tmp_path), "--kecamatan", "Sukodono",
                  "--kode", "35.08.11"], tmp_path)
    assert result.returncode == 2 and "sudah berisi" in result.stderr


# --- one pull request, end to end, on a local bare repository ---------------------

def workflow_commands(name: str, context: dict[str, str]) -> list[str]:
    """Every `run:` line of a workflow, the install step included, with ${{ }}
    expressions filled from `context`."""
    flow = yaml.safe_load((REPO / ".github/workflows" / name).read_text())
    commands = []
    for job in flow["jobs"].values():
        for step in job["steps"]:
            if "run" in step:
                commands.append(re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: context[m.group(1)], step["run"]))
    return commands


@pytest.fixture(scope="module")
def runner_bin(tmp_path_factory) -> Path:
    """A runner's Python, as setup-python leaves it: the tool's dependencies only.
    The workflow's own install step puts the tool in it."""
    import tomllib
    venv = tmp_path_factory.mktemp("runner") / "python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    subprocess.run([str(venv / "bin/pip"), "install", "--quiet", *deps], check=True, capture_output=True)
    return venv / "bin"


def play(name: str, cwd: Path, context: dict[str, str], env: dict[str, str]) -> list[subprocess.CompletedProcess]:
    results = []
    for command in workflow_commands(name, context):
        results.append(run(["bash", "-e", "-c", command], cwd, env))
        if results[-1].returncode != 0 and "pip install" in command:
            break
    return results


def test_a_pull_request_on_a_local_forge(tmp_path, ssh_keys, runner_bin):
    office = RegisterRepo(tmp_path / "kantor", ssh_keys)
    shutil.copyfile(REPO / "mkdocs.yml", office.path / "mkdocs.yml")
    shutil.copytree(REPO / "docs", office.path / "docs")
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, office.path / name)
    shutil.copytree(REPO / "tools", office.path / "tools", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    office.commit("Situs register dan alat pemeriksa", as_="camat")
    forge = tmp_path / "forge.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(forge)], check=True, env=SAFE_ENV)
    office.git("remote", "add", "origin", str(forge))
    office.git("push", "-q", "origin", "main")
    runner_env = {"PATH": f"{runner_bin}{os.pathsep}{SAFE_ENV.get('PATH', '')}"}

    # the pencatat registers a paper berkas on a branch and opens a pull request
    office.git("checkout", "-q", "-b", "berkas-labruk-lor")
    berkas = office.read("proposals/2025/denok/berkas.yaml").replace("denok", "labruk-lor").replace(
        "nomor_agenda: 2", "nomor_agenda: 3")
    office.write("proposals/2025/labruk-lor/berkas.yaml", berkas)
    office.write("proposals/2025/labruk-lor/01-plengsengan.yaml",
                 office.read("proposals/2025/denok/01-penerangan-jalan-umum.yaml"))
    office.commit("Terima berkas Labruk Lor 2025", as_="pencatat")
    office.git("push", "-q", "origin", "berkas-labruk-lor")

    def periksa(author: str, branch: str = "berkas-labruk-lor") -> list[subprocess.CompletedProcess]:
        runner = tmp_path / f"runner-{len(list(tmp_path.glob('runner-*')))}"
        subprocess.run(["git", "clone", "-q", str(forge), str(runner)], check=True, env=SAFE_ENV)
        subprocess.run(["git", "checkout", "-q", f"origin/{branch}"], cwd=runner, check=True, env=SAFE_ENV)
        base = subprocess.run(["git", "rev-parse", "origin/main"], cwd=runner, capture_output=True, text=True).stdout.strip()
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=runner, capture_output=True, text=True).stdout.strip()
        event = tmp_path / "event.json"
        event.write_text(json.dumps({"action": "synchronize", "number": 1, "pull_request": {
            "number": 1, "user": {"login": author}, "base": {"sha": base}, "head": {"sha": head}},
            "repository": {"full_name": "kec/musrenbang"}}))
        context = {"github.event.pull_request.base.sha": base, "github.event.pull_request.head.sha": head,
                   "github.token": ""}
        temp = tmp_path / f"temp-{runner.name}"
        temp.mkdir()
        env = {**runner_env, "GITHUB_EVENT_PATH": str(event), "RUNNER_TEMP": str(temp)}
        return play("periksa.yml", runner, context, env)

    steps = periksa(author="rizky-pencatat")
    assert [s.returncode for s in steps] == [0, 0, 0], [s.stdout + s.stderr for s in steps]

    # the Camat's disposition on the same branch, signed; then one "by the Camat" signed by the Kasi
    office.append("proposals/2025/labruk-lor/berkas.yaml",
                  "disposisi:\n  - langkah: 1\n    oleh: camat\n    kepada: kasi\n    isi: Pelajari\n")
    office.commit("Disposisi Camat", as_="camat")
    office.git("push", "-q", "origin", "berkas-labruk-lor")
    assert [s.returncode for s in periksa(author="rizky-pencatat")] == [0, 0, 0]

    # an attacker patches the checker in the pull request so that check finds nothing,
    # and forges the Kasi's step: the workflow runs the base's checker, which refuses both
    office.git("checkout", "-q", "-b", "serangan")
    init = office.path / "tools/musrenbang/riwayat/__init__.py"
    init.write_text(init.read_text() + "\n\ndef check(*args, **kwargs):\n    return []\n")
    office.append("proposals/2025/labruk-lor/berkas.yaml",
                  "  - langkah: 2\n    oleh: kasi-pembangunan\n    kepada: pencatat\n    isi: Teruskan\n")
    office.commit("Perbaiki alat", as_="operator-denok")
    office.git("push", "-q", "origin", "serangan")
    attacked = periksa(author="rizky-pencatat", branch="serangan")
    assert attacked[0].returncode == 0 and attacked[2].returncode == 1, [s.stdout + s.stderr for s in attacked]
    assert "identitas.jalur-dilindungi::commit" in attacked[2].stdout
    assert "file=tools/musrenbang/riwayat/__init__.py" in attacked[2].stdout
    assert "identitas.peran" in attacked[2].stdout
    office.git("checkout", "-q", "berkas-labruk-lor")

    office.append("proposals/2025/labruk-lor/berkas.yaml",
                  "  - langkah: 2\n    oleh: camat\n    kepada: pencatat\n    isi: Teruskan\n")
    office.commit("Disposisi Kasi", as_="kasi-pembangunan")
    office.git("push", "-q", "origin", "berkas-labruk-lor")
    refused = periksa(author="rizky-pencatat")
    assert refused[2].returncode == 1 and "::error file=proposals/2025/labruk-lor/berkas.yaml" in refused[1].stdout
    office.git("reset", "-q", "--hard", "HEAD~1")
    office.git("push", "-q", "-f", "origin", "berkas-labruk-lor")

    # merge on the forge, then publish from main
    office.git("checkout", "-q", "main")
    office.git("-c", "user.name=forge", "-c", "user.email=forge@example", "merge", "-q", "--no-ff",
               "-m", "Merge pull request #1", "berkas-labruk-lor")
    office.git("push", "-q", "origin", "main")
    site = tmp_path / "publish"
    subprocess.run(["git", "clone", "-q", str(forge), str(site)], check=True, env=SAFE_ENV)
    published = play("terbitkan.yml", site, {}, runner_env)
    assert [s.returncode for s in published] == [0, 0, 0, 0], [s.stdout + s.stderr for s in published]
    assert (site / "site/usulan/2025/labruk-lor/01/index.html").is_file()
