"""Bad demo inputs are refused before anything starts or is deleted: a workdir the
demo did not create, a candidate script of the wrong shape."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.demo import MARKER, WorkdirRefused, fresh_workdir
from agent.simulation.script import ScriptError, load_script

ROOT = Path(__file__).resolve().parents[2]


def _demo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "agent", "demo", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_demo_refuses_a_non_empty_workdir_it_did_not_create(tmp_path: Path) -> None:
    precious = tmp_path / "home"
    (precious / "thesis").mkdir(parents=True)
    (precious / "thesis" / "chapter1.tex").write_text("years of work")

    proc = _demo("--workdir", str(precious), cwd=tmp_path)

    assert proc.returncode == 2
    assert "not empty and was not created by the demo" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (precious / "thesis" / "chapter1.tex").read_text() == "years of work"


def test_workdir_the_demo_made_is_wiped_and_reused(tmp_path: Path) -> None:
    workdir = tmp_path / "demo"
    fresh_workdir(workdir)  # missing: created, marked
    assert (workdir / MARKER).is_file()
    (workdir / "outbox").mkdir()
    (workdir / "outbox" / "old.json").write_text("{}")

    fresh_workdir(workdir)  # the demo's own: wiped

    assert sorted(p.name for p in workdir.iterdir()) == [MARKER]


def test_empty_workdir_is_accepted_and_a_file_is_not(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    fresh_workdir(tmp_path / "empty")
    assert (tmp_path / "empty" / MARKER).is_file()
    (tmp_path / "file").write_text("x")
    with pytest.raises(WorkdirRefused):
        fresh_workdir(tmp_path / "file")


def test_script_errors_name_the_file_the_step_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "candidate.yaml"
    path.write_text("steps:\n  - say: hello\n  - silence: -3\n  - {say: hi, leave: 4}\n")
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    text = str(caught.value)
    assert str(path) in text
    assert "step 2, field silence" in text
    assert "step 3: " in text and "exactly one of" in text


@pytest.mark.parametrize("body", ["just a sentence\n", "- 42\n", "steps: 7\n"])
def test_script_of_the_wrong_shape_is_named(tmp_path: Path, body: str) -> None:
    path = tmp_path / "candidate.yaml"
    path.write_text(body)
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    assert str(path) in str(caught.value)


def test_demo_prints_a_script_error_without_a_traceback(tmp_path: Path) -> None:
    script = tmp_path / "bad.json"
    script.write_text('{"steps": [{"say": "hi"}, {"silence": "long"}]}')

    proc = _demo("--candidate-script", str(script), "--workdir", str(tmp_path / "w"), cwd=tmp_path)

    assert proc.returncode == 2
    assert str(script) in proc.stderr and "step 2, field silence" in proc.stderr
    assert "Traceback" not in proc.stderr and "pydantic" not in proc.stderr
    assert not (tmp_path / "w").exists()  # refused before anything was set up
