"""One error model: every refusal a user can meet is a `RectxlError`.

A RectxlError carries a stable `code`, the text in Chinese (`zh`, what the doors show by default)
and English (`en`), and where it happened (`file`, `sheet`, `cell`, each optional). The doors map
it once each: the command line to one line on stderr and its `exit_code` (rectxl.cli.app), the
ribbon to an alert (rectxl.excel), the page to a message. Subclasses group the refusals by where
they arise; a finding about the ledger's content is not an error but a `Finding` (rectxl.core).

This module imports nothing of rectxl: every layer may raise these.
"""

from __future__ import annotations

from os import PathLike


def quoted_path(path: str | PathLike) -> str:
    """A path as a user types it in a command that a message suggests: in double quotes when it
    holds a space."""
    text = str(path)
    return f'"{text}"' if any(ch.isspace() for ch in text) else text


# What the system said when it refused a write, in words a user can act on (Chinese, English).
# Keyed by errno name (errno lacks EDQUOT on Windows): a refusal not listed keeps the system's words.
_OS_REASONS = {
    "ENOSPC": ("磁盘已满", "the disk is full"),
    "EDQUOT": ("磁盘配额已用完", "the disk quota is used up"),
    "EFBIG": ("文件超过允许的大小", "the file is larger than allowed"),
    "EACCES": ("没有写入权限", "permission denied"),
    "EPERM": ("没有写入权限", "permission denied"),
    "EROFS": ("磁盘或文件夹是只读的", "the disk or folder is read-only"),
    "ENOTDIR": ("路径中有一段是文件而不是文件夹", "a part of the path is a file, not a folder"),
    "EISDIR": ("这是一个文件夹", "it is a folder"),
    "EPIPE": ("接收输出的程序已关闭", "the program reading it has closed"),
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """Why the system refused, in Chinese and English."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name) or (exc.strerror or str(exc),) * 2


class RectxlError(Exception):
    """A refusal the user can act on: the message says what is wrong and what to do."""

    code = "rectxl-error"
    exit_code = 2
    lead = ("", "")  # what a door says before the message (Chinese, English)

    def __init__(self, zh: str, en: str | None = None, *, file: str | PathLike | None = None,
                 sheet: str | None = None, cell: str | None = None):
        super().__init__(zh)
        self.zh = zh
        self.en = en if en is not None else zh
        self.file = None if file is None else str(file)
        self.sheet = sheet
        self.cell = cell

    def __str__(self) -> str:
        return self.zh

    def text(self, lang: str = "zh") -> str:
        """The message in `lang` ("zh" or "en")."""
        return self.en if lang == "en" else self.zh

    def headline(self, lang: str = "zh") -> str:
        """The one line a door shows: the lead of this kind of error, then the message."""
        return self.lead[lang == "en"] + self.text(lang)

    @property
    def where(self) -> str:
        """file, sheet!cell as far as known ("" when nothing is)."""
        place = "!".join(p for p in (self.sheet, self.cell) if p)
        return " ".join(p for p in (self.file, place) if p)

    def as_dict(self, lang: str = "zh") -> dict[str, str | None]:
        return {"code": self.code, "message": self.text(lang), "file": self.file, "sheet": self.sheet,
                "cell": self.cell}


class UnreadableWorkbook(RectxlError):
    """The file can't be read as a workbook (damaged, encrypted, crafted, too large, not a workbook)."""

    code = "unreadable-file"
    lead = ("无法读取：", "Cannot read: ")

    @classmethod
    def because(cls, path: str | PathLike, what_zh: str, what_en: str) -> UnreadableWorkbook:
        """The refusal naming the file (by its name) and what is wrong with it."""
        from pathlib import Path

        name = Path(path).name
        return cls(f"{name}：{what_zh}", f"{name}: {what_en}", file=path)


class NotALedger(RectxlError):
    """A readable workbook with no ledger sheet in it."""

    code = "not-a-ledger"


class FlatLedger(NotALedger):
    """A one-sheet, hand-typed ledger given where a rectxl ledger is needed: `rectxl import` reads it."""

    code = "flat-ledger"

    @classmethod
    def at(cls, path: str | PathLike) -> FlatLedger:
        from pathlib import Path

        name, shown = Path(path).name, quoted_path(path)
        target = f"{Path(path).stem}_台账.xlsm"
        return cls(f"{name} 是单表台账（一张表里列着问题和整改措施），不是 rectxl 台账。请先导入：rectxl import {shown} -o {target}",
                   f"{name} is a flat (one-sheet) ledger, not a rectxl ledger. Import it first: "
                   f"rectxl import {shown} -o {target}", file=path)


class DraftedWithErrors(RectxlError):
    """Drafts written from a ledger with validation errors: written, but said loudly (exit 1)."""

    code = "drafted-with-errors"
    exit_code = 1


class CannotImport(RectxlError):
    """A flat sheet that `rectxl import` can't read: no ledger header, or the named sheet is missing."""

    code = "cannot-import"


class WriteRefused(RectxlError):
    """A write that would risk the user's file (open in Excel, the ledger itself, …)."""

    code = "write-refused"


class SheetTaken(RectxlError):
    """Both names a sheet rectxl writes may take belong to the user's own sheets."""

    code = "sheet-taken"


class TemplateError(RectxlError):
    """A Word template that cannot be rendered; the message names the file and the line."""

    code = "template-error"


class PdfError(RectxlError):
    """A PDF could not be made."""

    code = "pdf-failed"


class PdfUnavailable(PdfError):
    """LibreOffice is not installed."""

    code = "pdf-unavailable"


class UploadRefused(RectxlError):
    """A file the page will not take: the wrong kind, too large, too many, a damaged zip; or an
    upload that has expired."""

    code = "upload-refused"


class BadOption(RectxlError):
    """A command-line option or argument with a value rectxl can't use."""

    code = "bad-option"


class OutputFailed(RectxlError):
    """The command's standard output could not be written (a full disk, a closed pipe); a file it
    writes that can't be is a WriteRefused (rectxl.io.atomic.cannot_write)."""

    code = "output-failed"


class BundleError(RectxlError):
    """An offline bundle that can't be made (a package with no wheel for a platform, no network, …)."""

    code = "bundle-failed"
    lead = ("无法生成离线安装包：", "Cannot make the offline bundle: ")
