"""The README stays true to the code: its configuration table and its dispatch example."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from config.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_configuration_table_lists_every_variable() -> None:
    table = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", README, re.M))
    assert set(load_settings(_env_file=None).redacted()) <= table


def test_dispatch_dry_run_example_is_what_the_command_prints(tmp_path: Path) -> None:
    block = README.split(
        "$ python -m agent dispatch --application-id app-strong-001 --number 1 --dry-run\n"
    )[1]
    shown = json.loads(block.split("\n```", 1)[0])
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "LIVEKIT_URL": shown["livekit_url"],
        "LIVEKIT_API_KEY": "devkey",
        "LIVEKIT_API_SECRET": "devsecret-devsecret-devsecret-0123",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "agent", "dispatch", "--application-id", "app-strong-001",
         "--number", "1", "--dry-run"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    printed = json.loads(proc.stdout)
    token = printed["candidate_token"]
    for out in (printed, shown):  # the README abbreviates the token
        out["join_url"] = out["join_url"].replace(token, "TOKEN")
        out["join_url"] = re.sub(r"token=eyJ[^&]*$", "token=TOKEN", out["join_url"])
        out["candidate_token"] = "TOKEN"
    assert printed == shown
