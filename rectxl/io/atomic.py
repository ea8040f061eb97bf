"""Writing files safely: never over a file Excel has open, never over a read-only file, always
through a temporary file renamed into place (through a symlink to its target, its mode kept),
and with a backup, created exclusively under a unique name, before a file is replaced.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from itertools import count
from pathlib import Path

from rectxl.errors import WriteRefused, os_reason


def lock_file(path: Path) -> Path:
    """Excel's owner file for an open workbook: ~$name beside it."""
    return path.with_name("~$" + path.name)


def check_not_open(path: Path) -> None:
    """Excel and Word keep a ~$ owner file beside a document they have open."""
    if lock_file(path).exists():
        program = "Word" if path.suffix.lower() in (".docx", ".doc") else "Excel"
        raise WriteRefused(f"{path.name} 正在 {program} 中打开（发现 {lock_file(path).name}），请先关闭后再写入。",
                           f"{path.name} is open in {program} ({lock_file(path).name} found); close it first.",
                           file=path)


def cannot_write(path: Path, exc: OSError) -> WriteRefused:
    """An OSError while writing `path`, as the one-line refusal a user can act on. rectxl writes
    every file through a temporary one (atomic_save) and never over a draft (free_name), so no
    file that was there before has changed."""
    zh, en = os_reason(exc)
    return WriteRefused(f"无法写入 {path}：{zh}（原有文件未改动）。", f"cannot write {path}: {en} (no existing file was changed).",
                        file=path)


@contextmanager
def writing(path: Path):
    """Whatever the system refuses while `path` (a file or a folder) is written — a folder that
    can't be made, a full disk, no permission — raised as cannot_write(path): the one wording of
    a failed write for every command (ARCHITECTURE §7)."""
    try:
        yield
    except OSError as exc:
        raise cannot_write(Path(path), exc) from None


def target_of(path: Path) -> Path:
    """The file a write to `path` must change: a symlink's target (the real ledger), else path."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_replaceable(path: Path) -> None:
    """Refuse to replace a file marked read-only (its own read-only attribute or write bits: an
    administrator's power to override them does not count), or one that is not a regular file."""
    try:
        info = os.stat(target_of(path))
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(f"{path.name} 不是普通文件，无法写入。", f"{path.name} is not a regular file.", file=path)
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteRefused(f"{path.name} 是只读文件，未写入；如确需修改，请先取消只读属性。",
                           f"{path.name} is read-only; nothing was written. Clear its read-only attribute first.",
                           file=path)


def backup(path: Path, now: dt.datetime) -> Path:
    """A copy of `path` beside it, 名.备份YYYYMMDD-HHMMSS[-N].ext: the name unique (-2, -3… when
    taken), the file created exclusively, so never through a link planted at that name; its mode
    kept. WriteRefused (and no partial copy left) when it can't be made whole."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    stamp = f"{now:%Y%m%d-%H%M%S}"
    for n in count(1):
        copy = path.with_name(f"{path.stem}.备份{stamp}{'' if n == 1 else f'-{n}'}{path.suffix}")
        try:
            fd = os.open(copy, flags, 0o600)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise cannot_write(copy, exc) from None
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as source:
            shutil.copyfileobj(source, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(copy, stat.S_IMODE(os.stat(path).st_mode))
    except OSError as exc:
        copy.unlink(missing_ok=True)
        raise cannot_write(copy, exc) from None
    return copy


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_save(save, dest: Path) -> Path:
    """Call save(temp_path) for a temporary file beside dest (beside its target, for a symlink),
    then rename it over dest: dest is the old file or the new one, never half of either. The
    file's mode is kept (a new one gets the usual mode); a file with hard links is rewritten in
    place (_rewrite_in_place), so that every link sees the new content. WriteRefused for a
    read-only dest or when the disk fills (the temporary file removed)."""
    dest = Path(dest)
    check_replaceable(dest)
    target = target_of(dest)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    with writing(dest):  # a folder that takes no new file
        fd, temp = tempfile.mkstemp(prefix=".rectxl-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        save(Path(temp))
        os.chmod(temp, stat.S_IMODE(info.st_mode) if info else 0o666 & ~_umask())
        if info is not None and info.st_nlink > 1:
            _rewrite_in_place(Path(temp), target)
            os.unlink(temp)
        else:
            _sync(Path(temp))
            os.replace(temp, target)
    except OSError as exc:
        _drop_half_written(exc)
        Path(temp).unlink(missing_ok=True)
        raise cannot_write(dest, exc) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return dest


def _drop_half_written(exc: OSError) -> None:
    """Free what the failed save left open, quietly: a zip writer (openpyxl's, docxtpl's) that
    the disk refused is still referenced from the error's frames, and when freed later it tries
    again to write its end record, failing with a traceback on stderr after rectxl's one line."""
    import gc
    import sys
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        if exc.__traceback__ is not None:
            traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _sync(path: Path) -> None:
    """The file's content on the disk before it is renamed into place (a crash then leaves the
    old file or the new one, never an empty one)."""
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _rewrite_in_place(new: Path, target: Path) -> None:
    """target's content replaced by new's, in the same file (its hard links stay one file). No
    rename can do this atomically: so the callers back the file up first (write_results), and the
    space for the new content is reserved before its first byte changes, so that a full disk
    refuses the write with the file as it was; then it is written, cut to length and synced."""
    size = new.stat().st_size
    with open(new, "rb") as source, open(target, "r+b") as out:
        if hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(out.fileno(), 0, size)
            except OSError as exc:
                if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                    raise  # ENOSPC, EFBIG: nothing changed yet
        shutil.copyfileobj(source, out, 1 << 20)
        out.truncate()
        out.flush()
        os.fsync(out.fileno())


def free_name(path: Path) -> Path:
    """path, or when a file of that name exists, the first free 名 (2).ext, 名 (3).ext… (the names
    Windows Explorer gives a copy kept beside a file of the same name): a draft already edited in
    Word, or a workbook a user already has, is never replaced by a new one."""
    if not path.exists() and not path.is_symlink():
        return path
    return next(p for n in count(2) if not (p := path.with_name(f"{path.stem} ({n}){path.suffix}")).exists()
                and not p.is_symlink())


def _open_for_writing(source: Path, macro: bool):
    """The workbook opened by openpyxl, or WriteRefused: a file python-calamine read (validate
    and status work) may hold what openpyxl takes otherwise (a shared-string index " 1 ") or
    can't parse (a character reference to a control character)."""
    import zipfile

    import openpyxl

    from rectxl.io.limits import Refused
    from rectxl.io.sharedstrings import check_indices_in

    try:
        check_indices_in(source)
    except Refused as e:
        raise WriteRefused(f"{source.name}：{e.what[0]}", f"{source.name}: {e.what[1]}", file=source) from None
    try:
        return openpyxl.load_workbook(source, keep_vba=macro, rich_text=True)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, SyntaxError, OverflowError,
            UnicodeError, zipfile.BadZipFile) as exc:  # openpyxl's many ways of failing on odd XML
        raise WriteRefused(
            f"{source.name}：文件中有 Excel 不会写出的不规范内容，校验和统计可以照常进行，但无法安全写入结果；"
            f"请在 Excel 中打开后另存一份再试（原文件未改动）。",
            f"{source.name}: it holds content Excel never writes ({type(exc).__name__}); it can be validated "
            f"but not written into safely. Save it again in Excel (nothing was changed).", file=source) from None


def write_results(source: Path, dest: Path, plan, in_place: bool, now: dt.datetime,
                  overwrite: bool = False) -> tuple[Path, Path | None]:
    """The plan written into a copy of source at dest (or into source itself, after a backup).
    An existing dest other than rectxl's own result copy is replaced only with `overwrite`, and
    then backed up first."""
    from rectxl.io.losses import check_keeps
    from rectxl.io.writeback import apply_openpyxl
    from rectxl.workbook.build import restore_ribbon_relationship

    check_not_open(source)
    target = source if in_place else dest
    if dest.exists() and not in_place:
        check_not_open(dest)
    check_replaceable(target)
    macro = source.suffix.lower() in (".xlsm", ".xltm")
    check_keeps(source)
    wb = _open_for_writing(source, macro)
    apply_openpyxl(wb, plan)
    saved_backup = backup(target, now) if in_place or overwrite and dest.exists() else None

    def save(temp: Path) -> None:
        wb.save(temp)
        if macro:
            restore_ribbon_relationship(temp)

    atomic_save(save, target)
    return target, saved_backup
