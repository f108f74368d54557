"""The Docker image's recipe, run here without Docker: a plain (non-editable) install of
the package, the files the Dockerfile copies, and the config it derives."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.slow


def test_image_recipe_runs_outside_the_source_tree(tmp_path: Path) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    app = tmp_path / "app"
    app.mkdir()
    # COPY lines for what the running image reads at run time
    for src in re.findall(r"^COPY (templates|config)/ ", dockerfile, re.M):
        shutil.copytree(ROOT / src, app / src)
    # the RUN line that derives the container config, executed as the image would
    run = re.search(r"RUN (sed .*?) \\\n", dockerfile)
    assert run, "Dockerfile derives config/container.yaml with sed"
    subprocess.run(["bash", "-c", run.group(1)], cwd=app, check=True)
    assert "host: 0.0.0.0" in (app / "config" / "container.yaml").read_text()

    # a non-editable install, like `pip install .` in the image (deps from this venv)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(ROOT)], check=True)
    env = {**os.environ, "PYTHONPATH": str(target),
           "MAILBOT_CONFIG": str(app / "config" / "container.yaml")}

    def mailbot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "mailbot", *args], cwd=app, env=env,
                              capture_output=True, text=True, check=True)

    out = mailbot("-v", "check-config")
    assert "OK (6 events)" in out.stdout
    preview = json.loads(mailbot("preview", "config/examples/anmeldung.eml", "--json",
                                 "--at", "2026-12-01T10:00+01:00").stdout)
    assert preview["event"] == "interkommunaler-austausch"
    assert "Interkommunaler Austausch der Allianz Smart City Dortmund" in preview["reply"]["text"]
    assert not (app / "var").exists()  # preview changed nothing, created no database
