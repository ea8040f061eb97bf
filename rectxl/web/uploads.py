"""Where the page keeps what a user uploads: a private temporary folder (mode 0700), one numbered
subfolder per upload, deleted when the server stops and, for an upload left alone, on a timer.

A user's file name is shown back to them but never used as a path: a file is stored as
`rectxl-upload<suffix>` (the suffix checked against the readable kinds), a unit's ledger or a
zip's member as `rectxl-unit-NNN<suffix>`. Sizes and counts are limited before anything is read.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from rectxl.consolidate import units as consolidated
from rectxl.errors import UploadRefused

LEDGER_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et")
UNIT_SUFFIXES = consolidated.LEDGER_SUFFIXES  # what consolidation reads
MAX_FILE_BYTES = 100 << 20  # one ledger: a province-wide round saved by Excel is ~30 MB
MAX_FILES = 200  # one consolidation: the units of a province
MAX_TOTAL_BYTES = 1 << 30  # all files of one request, a zip's members inflated included
KEEP_SECONDS = 4 * 3600  # an upload not used for this long is deleted
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Upload:
    """One upload: its folder, the files in it with the names the user gave them, and what the
    page worked out from them (a ledger, an import, a summary), kept for the downloads."""

    id: str
    folder: Path
    files: list[tuple[Path, str]] = field(default_factory=list)  # (stored path, the user's name)
    state: dict = field(default_factory=dict)
    used: float = field(default_factory=time.monotonic)

    @property
    def path(self) -> Path:
        return self.files[0][0]

    @property
    def name(self) -> str:
        return self.files[0][1]

    def shown(self, text: str) -> str:
        """`text` with each stored file's path and name replaced by the name the user knows."""
        for stored, given in self.files:
            text = text.replace(str(stored), given).replace(stored.name, given)
            text = text.replace(stored.stem, PurePosixPath(given).stem)
        return text


def _suffix(name: str, allowed: tuple[str, ...]) -> str:
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix not in allowed:
        kinds = "、".join(allowed)
        raise UploadRefused(f"{name}：不是可读取的台账文件（应为 {kinds}）。",
                            f"{name}: not a ledger file (expected {', '.join(allowed)}).")
    return suffix


def sniffed_suffix(head: bytes, suffix: str) -> str:
    """The suffix a reader needs: a WPS .et file is read as the format it holds inside (an
    OOXML zip, else the .xls compound file WPS writes); every other file keeps its own."""
    if suffix != ".et":
        return suffix
    if head.startswith(b"PK"):
        return ".xlsx"
    if head.startswith(_OLE_MAGIC):
        return ".xls"
    raise UploadRefused("WPS 表格（.et）文件无法读取：请在 WPS 中“另存为”Excel 工作簿（.xlsx）后再上传。",
                        "This WPS .et file cannot be read: save it as an Excel workbook (.xlsx) in WPS and upload that.")


def zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its author typed it: zips made on Chinese Windows store GBK names
    without the UTF-8 flag, which Python decodes as CP437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


class Store:
    """The uploads of one server: a private folder, the uploads in it, the timer that expires them."""

    def __init__(self, keep_seconds: float = KEEP_SECONDS):
        self.root = Path(tempfile.mkdtemp(prefix="rectxl-serve-"))  # mode 0700: this user only
        self.keep_seconds = keep_seconds
        self._uploads: dict[str, Upload] = {}
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)

    def new(self) -> Upload:
        import secrets

        upload_id = secrets.token_urlsafe(12)
        folder = self.root / f"u{next(self._numbers):05d}"
        folder.mkdir()
        upload = Upload(upload_id, folder)
        with self._lock:
            self._uploads[upload_id] = upload
        return upload

    def get(self, upload_id: str) -> Upload:
        with self._lock:
            upload = self._uploads.get(upload_id)
        if upload is None:
            raise UploadRefused("找不到该文件（可能已超时清理或服务已重启），请重新上传。",
                                "That upload is gone (expired, or the server restarted): upload it again.")
        upload.used = time.monotonic()
        return upload

    def drop(self, upload: Upload) -> None:
        with self._lock:
            self._uploads.pop(upload.id, None)
        shutil.rmtree(upload.folder, ignore_errors=True)

    def expire(self, now: float | None = None) -> int:
        """Delete the uploads not used for keep_seconds; how many were."""
        now = time.monotonic() if now is None else now
        with self._lock:
            old = [u for u in self._uploads.values() if now - u.used > self.keep_seconds]
        for upload in old:
            self.drop(upload)
        return len(old)

    def release_ledgers(self, but: Upload) -> None:
        """Keep one typed ledger in memory (the latest): the others are read again when needed."""
        with self._lock:
            others = [u for u in self._uploads.values() if u is not but]
        if any(upload.state.pop("ledger", None) is not None for upload in others):
            import gc

            gc.collect()  # a ledger's million objects, some in cycles

    def close(self) -> None:
        with self._lock:
            self._uploads.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    def start_timer(self, every: float = 60.0) -> threading.Event:
        """Expire old uploads every `every` seconds on a daemon thread, until the event is set."""
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(every):
                self.expire()

        threading.Thread(target=loop, name="rectxl-expire", daemon=True).start()
        return stop

    # -- taking files in --------------------------------------------------------------------------

    def add_ledger(self, upload: Upload, name: str, source) -> Path:
        """Copy one uploaded ledger (a binary file object) into the upload's folder."""
        suffix = _suffix(name, LEDGER_SUFFIXES)
        head = source.read(8)
        source.seek(0)
        path = upload.folder / f"rectxl-upload{sniffed_suffix(head, suffix)}"
        _copy(source, path, name, MAX_FILE_BYTES)
        upload.files.append((path, name))
        return path

    def add_units(self, upload: Upload, named_sources: list[tuple[str, object]]) -> None:
        """Several units' ledgers, each a workbook or a zip of workbooks, into the upload's folder."""
        total = 0
        for name, source in named_sources:
            if PurePosixPath(name.replace("\\", "/")).suffix.lower() == ".zip":
                packed = upload.folder / f"pack-{len(upload.files):03d}.zip"
                _copy(source, packed, name, MAX_TOTAL_BYTES)
                total += self._unzip(upload, packed, name, MAX_TOTAL_BYTES - total)
                packed.unlink()
                continue
            suffix = _suffix(name, UNIT_SUFFIXES)
            path = self._unit_path(upload, suffix)
            total += _copy(source, path, name, MAX_FILE_BYTES)
            upload.files.append((path, name))
            if total > MAX_TOTAL_BYTES:
                raise _too_large("上传的文件", MAX_TOTAL_BYTES)
        if not upload.files:
            raise UploadRefused("没有找到台账文件（.xlsx/.xlsm）：请选择各单位的台账，或包含它们的 .zip 压缩包。",
                                "No ledger files (.xlsx/.xlsm) found: choose the units' ledgers or a .zip of them.")

    def _unit_path(self, upload: Upload, suffix: str) -> Path:
        if len(upload.files) >= MAX_FILES:
            raise UploadRefused(f"一次最多汇总 {MAX_FILES} 个台账文件。", f"At most {MAX_FILES} ledgers at a time.")
        return upload.folder / f"rectxl-unit-{len(upload.files) + 1:03d}{suffix}"

    def _unzip(self, upload: Upload, packed: Path, name: str, budget: int) -> int:
        """The zip's workbooks (any folder depth; Excel lock files, hidden files and macOS
        resource forks skipped), each stored under a name of ours; their total size."""
        total = 0
        try:
            with zipfile.ZipFile(packed) as zf:
                for info in zf.infolist():
                    shown = zip_name(info)
                    base = PurePosixPath(shown.replace("\\", "/"))
                    if (info.is_dir() or base.suffix.lower() not in UNIT_SUFFIXES
                            or base.name.startswith(("~$", ".")) or "__MACOSX" in base.parts):
                        continue
                    if info.file_size > MAX_FILE_BYTES or total + info.file_size > budget:
                        raise _too_large(f"{name} 中的 {base.name}", MAX_FILE_BYTES)
                    path = self._unit_path(upload, base.suffix.lower())
                    with zf.open(info) as member:
                        total += _copy(member, path, base.name, min(MAX_FILE_BYTES, budget - total))
                    upload.files.append((path, base.name))
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError):
            raise UploadRefused(f"{name}：压缩包已损坏或已加密，无法解压。",
                                f"{name}: the zip is damaged or encrypted.") from None
        return total


def _too_large(what: str, limit: int) -> UploadRefused:
    mb = limit >> 20
    return UploadRefused(f"{what}太大（超过 {mb} MB），未处理。", f"{what} is too large (over {mb} MB).")


def _copy(source, path: Path, name: str, limit: int) -> int:
    """Copy a file object to `path`, refusing it (and deleting the part copied) past `limit` bytes."""
    size = 0
    with path.open("wb") as out:
        while chunk := source.read(1 << 20):
            size += len(chunk)
            if size > limit:
                out.close()
                path.unlink(missing_ok=True)
                raise _too_large(name, limit)
            out.write(chunk)
    return size
