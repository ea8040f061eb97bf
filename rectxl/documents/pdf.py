"""Word → PDF through LibreOffice (`soffice --headless --convert-to pdf`).

Each conversion gets its own temporary LibreOffice profile, so conversions may run at the same time.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from rectxl.errors import PdfError, PdfUnavailable

WINDOWS_SOFFICE = (
    Path(os.environ.get("ProgramFiles", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
    Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / "LibreOffice" / "program" / "soffice.exe",
)

# Linux has none of the official fonts: give each the Noto CJK face nearest in kind, so that the
# PDF keeps serif body text (仿宋, 楷体), sans headings (黑体) and a heavy title (小标宋).
STAND_INS = {  # official font: (stand-in, bold)
    "方正小标宋简体": ("Noto Serif CJK SC", True),
    "仿宋_GB2312": ("Noto Serif CJK SC", False), "仿宋": ("Noto Serif CJK SC", False),
    "楷体_GB2312": ("Noto Serif CJK SC", False), "楷体": ("Noto Serif CJK SC", False),
    "宋体": ("Noto Serif CJK SC", False), "黑体": ("Noto Sans CJK SC", False),
}


def _unavailable() -> PdfUnavailable:
    return PdfUnavailable(
        "未找到 LibreOffice（soffice），无法生成 PDF。Debian/Ubuntu 请运行："
        "sudo apt-get install libreoffice-writer fonts-noto-cjk；Windows 请安装 LibreOffice，"
        "或在 Word 中用“另存为 PDF”。",
        "LibreOffice (soffice) was not found, so no PDF can be made. On Debian/Ubuntu run: "
        "sudo apt-get install libreoffice-writer fonts-noto-cjk; on Windows install LibreOffice, "
        "or use Word's Save As PDF.",
    )


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    for path in WINDOWS_SOFFICE:
        if path.is_file():
            return str(path)
    raise _unavailable()


def to_pdf(docx: Path | str, out_dir: Path | str | None = None, timeout: float = 120) -> Path:
    """Convert `docx` into `out_dir` (default: beside it); return the PDF's path."""
    docx = Path(docx).resolve()
    out_dir = Path(out_dir).resolve() if out_dir else docx.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / f"{docx.stem}.pdf"
    try:
        pdf.unlink(missing_ok=True)  # soffice may fail and still exit 0: only a new file counts
    except PermissionError:
        raise PdfError(f"{pdf.name} 正在被其他程序使用，请先关闭它。",
                       f"{pdf.name} is open in another program: close it first.", file=pdf) from None
    with tempfile.TemporaryDirectory(prefix="rectxl-soffice-") as profile:
        command = [
            find_soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
            "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx),
        ]
        # A session of its own (POSIX), so that a timeout ends soffice's child processes too.
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, env=_environment(Path(profile)),
                                   start_new_session=os.name == "posix")
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            if os.name == "posix":
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            process.communicate()
            raise PdfError(f"PDF 转换超时（{timeout:g} 秒）：{docx.name}",
                           f"PDF conversion timed out after {timeout:g} s: {docx.name}", file=docx) from None
    if process.returncode != 0 or not pdf.is_file():
        detail = (err or out).decode(errors="replace").strip()
        raise PdfError(f"PDF 转换失败：{docx.name}（{detail}）", f"PDF conversion failed: {docx.name} ({detail})",
                       file=docx)
    return pdf


def _environment(profile: Path) -> dict[str, str]:
    """The environment for soffice: on Linux, a fontconfig file adding STAND_INS to the system's."""
    env = dict(os.environ)
    system = Path(env.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf"))
    if not sys.platform.startswith("linux") or not system.is_file():
        return env
    rules = []
    for name, (family, bold) in STAND_INS.items():
        weight = '<edit name="weight"><const>bold</const></edit>' if bold else ""
        rules.append(f'<match><test name="family"><string>{name}</string></test>'
                     f'<edit name="family" mode="prepend" binding="strong"><string>{family}</string></edit>'
                     f"{weight}</match>")
    conf = profile / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><include>{system}</include>{"".join(rules)}</fontconfig>',
                    encoding="utf-8")
    env["FONTCONFIG_FILE"] = str(conf)
    return env
