#!/usr/bin/env python3
"""Set everything up, then run the demo, the tests or the static checks.

    python3 scripts/dev.py demo [demo options]   # offline simulated interview
    python3 scripts/dev.py test [pytest options] # the whole test suite, in two phases
    python3 scripts/dev.py check                 # lock, ruff, format, mypy, image (CI runs it)

Needs only Python 3.11+ and the package registries. It creates `.venv` and installs
the locked, hash-checked `dev` dependencies (requirements/dev.txt, exported from
uv.lock) and the project (again only when those files change), installs Debian's
chromium for the report's browser test when it is missing and apt is there, and
runs the command inside the venv. Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
# The suite on two workers (CI has two cores), a file at a time, then the files whose
# checks depend on timing alone: the real-time voice interviews (whose turn a barge-in
# was, silences: the VAD must keep up, and a second worker's load made it fall behind)
# and the fault matrix (its 20 concurrent interviews share the machine with nothing else).
TEST_WORKERS = ("-n", "2", "--dist", "loadfile")
ALONE = ("tests/agent/test_demo_e2e.py", "tests/scripts/test_faults.py")
STAMP = VENV / ".installed-lock"
LOCKED = ROOT / "requirements" / "dev.txt"
CODE = ["agent", "service", "config", "scripts", "tests"]
# requirements/<variant>.txt is `uv export` of uv.lock with these options
EXPORTS = {"runtime": [], "local": ["--extra", "local"], "dev": ["--extra", "dev"]}
# test servers, seed tools, test runners and GPL engines never reach the runtime image
NOT_AT_RUNTIME = ("moto", "ariadne", "fpdf2", "pytest", "piper-tts", "piper-phonemize")


def _run(cmd: list[str], **kw: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)  # type: ignore[call-overload]


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs under any python3
        sys.exit(f"Python 3.11+ is needed, this is {sys.version.split()[0]}")
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + LOCKED.read_bytes()
    ).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    pip = [str(PY), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    _run([*pip, "--require-hashes", "--no-deps", "-r", str(LOCKED)])
    _run([*pip, "--no-deps", "-e", str(ROOT)])
    STAMP.write_text(digest)


def ensure_chromium() -> None:
    """The report test renders in headless Chromium (Debian's package)."""
    if shutil.which("chromium") or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    _run(["apt-get", "update", "-qq"], env=env)
    _run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"], env=env)


def check() -> int:
    """Everything CI checks besides the tests; stops at the first failure."""
    bin_ = VENV / "bin"
    _run([str(bin_ / "uv"), "lock", "--check"], cwd=ROOT)
    for variant, options in EXPORTS.items():
        _exported_in_step(variant, options)
    runtime = _pinned(ROOT / "requirements" / "runtime.txt")
    print("runtime dependencies (requirements/runtime.txt, from uv.lock):")
    print("  " + " ".join(f"{name}=={version}" for name, version in sorted(runtime.items())))
    leaked = sorted(n for n in runtime if n in NOT_AT_RUNTIME or n.startswith("pytest"))
    if leaked:
        sys.exit(f"development packages in the runtime dependencies: {', '.join(leaked)}")
    _run([str(bin_ / "ruff"), "check", *CODE], cwd=ROOT)
    _run([str(bin_ / "ruff"), "format", "--check", *CODE], cwd=ROOT)
    _run([str(bin_ / "mypy"), *CODE], cwd=ROOT)
    if shutil.which("hadolint", path=str(bin_)):
        _run([str(bin_ / "hadolint"), "Dockerfile"], cwd=ROOT)
    _check_wheel()
    # the Dockerfile's build stages, without a Docker engine
    with tempfile.TemporaryDirectory(prefix="image-") as tmp:
        for variant in ("runtime", "local"):
            _run(["sh", str(ROOT / "scripts" / "install_image.sh"), variant, f"{tmp}/venv"])
            if variant == "runtime":
                _no_dev_packages_installed(Path(tmp) / "venv")
    return 0


def _exported_in_step(variant: str, options: list[str]) -> None:
    out = subprocess.run(
        [str(VENV / "bin" / "uv"), "export", "--frozen", "--no-emit-project", "--no-header",
         "--format", "requirements-txt", "--quiet", *options],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    path = ROOT / "requirements" / f"{variant}.txt"
    if path.read_text() != out:
        sys.exit(
            f"{path.relative_to(ROOT)} is not uv.lock's export: run "
            f"`uv export --frozen --no-emit-project --no-header {' '.join(options)} -o {path}`"
        )


def _pinned(path: Path) -> dict[str, str]:
    found = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", path.read_text(), re.M)
    return {name.lower().replace("_", "-"): version for name, version in found}


def _check_wheel() -> None:
    with tempfile.TemporaryDirectory(prefix="wheel-") as tmp:
        pip = [str(PY), "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check"]
        _run([*pip, "-w", tmp, str(ROOT)])
        (wheel,) = Path(tmp).glob("interview_agent-*.whl")
        names = zipfile.ZipFile(wheel).namelist()
    dev_only = [n for n in names if n.startswith(("scripts/", "tests/", "agent/simulation/"))]
    # the worker's words are package data: a wheel without them fails at the first prewarm
    needed = ["agent/worker.py", *(f"agent/content/{f}.yaml" for f in ("en", "ar", "skills"))]
    if dev_only or not set(needed) <= set(names):
        sys.exit(f"the wheel must hold the worker only, and all of {needed}; found {dev_only[:5]}")
    print(f"wheel: {len(names)} files, worker only")


def _no_dev_packages_installed(venv_dir: Path) -> None:
    listed = subprocess.run(
        [str(venv_dir / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    names = {line.split("==")[0].lower() for line in listed.splitlines()}
    leaked = sorted(n for n in names if n in NOT_AT_RUNTIME or n.startswith("pytest"))
    if leaked:
        sys.exit(f"the runtime image would hold {', '.join(leaked)}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test", "check"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_venv()
    if command == "check":
        return check()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    if command == "demo":
        return subprocess.call([str(PY), "-m", "agent", "demo", *rest], cwd=ROOT, env=env)
    ensure_chromium()
    pytest = [str(PY), "-m", "pytest"]
    first = [*TEST_WORKERS, *(f"--ignore={path}" for path in ALONE), *rest]
    phases = [first, [*ALONE, *rest]]
    codes = [subprocess.call([*pytest, *args], cwd=ROOT, env=env) for args in phases]
    return max(codes)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
