"""The options several commands share read the same in every command's --help: each is declared
once (rectxl.cli.options), and a command that gives a flag another meaning is named here."""

from __future__ import annotations

from collections import defaultdict

import typer

from conftest import run_rectxl
from rectxl.cli import app

# Flags that mean something else in these commands, on purpose (weekly's --as-of is the week's
# last day; reminders write a folder, not a .docx; serve's --lang is the page's language …).
OWN_MEANING = {
    "--as-of": {"briefing", "weekly", "consolidate"},
    "--out": {"reminders", "demo", "import", "consolidate", "write"},
    "--output": {"bundle"},
    "--lang": {"serve"},
    "--overwrite": {"consolidate"},
    "path": {"init", "briefing", "validate", "write", "import"},
}


def helps_by_flag() -> dict[str, dict[str, str]]:
    """flag → {command: its help}, for every option and argument of every command."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for name, command in typer.main.get_command(app).commands.items():
        for param in command.params:
            flag = max(param.opts, key=len) if param.param_type_name == "option" else param.name
            found[flag][name] = getattr(param, "help", None) or ""
    return found


def test_a_flag_shared_by_several_commands_reads_the_same_in_each():
    shared = {flag: helps for flag, helps in helps_by_flag().items() if len(helps) > 1}
    assert {"--pdf", "--templates", "--format", "--as-of", "--force", "--output", "--out"} <= set(shared)
    for flag, helps in shared.items():
        alike = {help for command, help in helps.items() if command not in OWN_MEANING.get(flag, ())}
        assert len(alike) <= 1, (flag, helps)


def test_the_drafting_commands_show_the_same_pdf_and_templates_options():
    lines = {}
    for command in ("briefing", "weekly", "reminders", "notice"):
        result = run_rectxl(command, "--help", env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr
        lines[command] = {line.split()[0]: " ".join(line.split()[1:]) for line in result.stdout.splitlines()
                          if line.strip().startswith(("--pdf", "--templates"))}
    assert lines["briefing"] == lines["weekly"] == lines["reminders"] == lines["notice"]
    assert lines["briefing"]["--pdf"] == "同时用 LibreOffice 转成 PDF。"
