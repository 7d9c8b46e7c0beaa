"""Every Python file keeps the project's style (pyproject.toml's [tool.ruff]): a file that breaks it fails the suite,
not only a contributor's editor."""

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def ruff(*arguments):
    return subprocess.run([sys.executable, "-m", "ruff", *arguments], cwd=PROJECT, capture_output=True, text=True)


def test_every_file_passes_the_linter():
    checked = ruff("check", "--no-cache", ".")
    assert checked.returncode == 0, checked.stdout


def test_every_file_is_formatted():
    formatted = ruff("format", "--check", "--no-cache", ".")
    assert formatted.returncode == 0, formatted.stdout
