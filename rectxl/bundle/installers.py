"""The installers and the note in a bundle, filled in from templates/ (install.sh, install.bat,
readme_zh.txt): what the bundle holds (@VERSION@, @PYTHONS@, …) is written into them.

Each is written as the system that reads it expects: install.sh UTF-8 with LF and executable;
install.bat GBK (code page 936, what cmd reads on Chinese Windows) with CRLF; 安装说明.txt UTF-8
with a BOM and CRLF, which Notepad and every Linux editor open.
"""

from __future__ import annotations

from pathlib import Path

from rectxl.bundle.targets import Target

TEMPLATES = Path(__file__).resolve().parent / "templates"
NOTE = "安装说明.txt"


def fill(template: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def write_installers(root: Path, targets: list[Target], pythons: list[str], version: str, pip_wheel: str) -> list[Path]:
    """install.sh (when a Linux target is in), install.bat (when Windows is) and 安装说明.txt in root."""
    values = {"VERSION": version, "PYTHONS": " ".join(pythons), "PYTHON": pythons[0], "PIP_WHEEL": pip_wheel,
              "MACHINES": " ".join(t.machine for t in targets if t.system == "linux"),
              "TARGETS": "、".join(t.label for t in targets)}
    written = []
    systems = {t.system for t in targets}
    if "linux" in systems:
        sh = root / "install.sh"
        sh.write_text(fill("install.sh", values), encoding="utf-8", newline="\n")
        sh.chmod(0o755)
        written.append(sh)
    if "windows" in systems:
        bat = root / "install.bat"
        bat.write_bytes(fill("install.bat", values).replace("\n", "\r\n").encode("gbk"))
        written.append(bat)
    note = root / NOTE
    note.write_bytes(fill("readme_zh.txt", values).replace("\n", "\r\n").encode("utf-8-sig"))
    written.append(note)
    return written
