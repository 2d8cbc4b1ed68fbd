"""The README's commands: `make run ARGS=…` passes them on, and installing prints no setuptools
"package would be ignored" banners (templates, static files and translations are packages)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target,args,command", [
    ("run", "--port 8765 --no-window", "retorno desktop --port 8765 --no-window"),
    ("demo", "--force", "retorno demo-data --force"),
])
def test_make_passes_args_through(target, args, command):
    # --no-print-directory: under `make test` the nested make would add "Leaving directory".
    result = subprocess.run(["make", "--no-print-directory", "--dry-run", "--always-make", target,
                             f"ARGS={args}"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == f".venv/bin/{command}"


def test_building_the_package_prints_no_setuptools_banner(tmp_path):
    for name in ("setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "app", tmp_path / "app",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    result = subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()",
                             "build_py", "--build-lib", str(tmp_path / "out")],
                            cwd=tmp_path, capture_output=True, text=True)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "would be ignored" not in said.lower()
    built = tmp_path / "out" / "app"
    for data_file in ("templates/sales/_print.html", "static/sales.js",
                      "translations/pt_BR/LC_MESSAGES/messages.mo", "desktop/retorno.png"):
        assert (built / data_file).is_file(), data_file


def test_the_release_workflow_builds_with_make_exes_own_command():
    """The workflow reuses the spec and the arguments `make exe` passes to PyInstaller, and
    smoke-tests each build with the executable test pointed at it."""
    makefile = (ROOT / "Makefile").read_text()
    make_exe = re.search(r"^exe:.*\n\t\$\(PY\) (-m PyInstaller .*)$", makefile, re.M).group(1)
    workflow = (ROOT / ".github" / "workflows" / "build.yml").read_text()
    assert f"run: python {make_exe}" in workflow
    for runner in ("windows-latest", "macos-latest", "ubuntu-latest"):
        assert runner in workflow
    assert 'python-version: "3.11"' in workflow
    assert "RETORNO_EXE:" in workflow and "tests/test_desktop_exe.py" in workflow
    assert "actions/upload-artifact" in workflow
