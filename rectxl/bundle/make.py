"""A bundle put together: the wheelhouse for every target and Python version, the installers,
the ribbon workbook, the note and SHA256SUMS, in a folder and a zip of it.

The folder is built beside the output under a temporary name and renamed into place at the end:
a failed download leaves nothing half made, and an existing folder or zip is never written over.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from rectxl.bundle import wheelhouse
from rectxl.bundle.checksums import write_sums
from rectxl.bundle.installers import write_installers
from rectxl.bundle.targets import Target
from rectxl.errors import BundleError
from rectxl.shipped import shipped

WORKBOOK = "Rectification.xlsm"


def zip_path(out: Path) -> Path:
    return out.with_name(out.name + ".zip")


def make_bundle(out: Path, targets: list[Target], pythons: list[str], wheel: Path | None = None,
                say: Callable[[str], None] = lambda line: None) -> tuple[Path, Path]:
    """The bundle folder `out` and `out`.zip; `say` hears what is being done."""
    out = Path(os.path.abspath(out))
    archive = zip_path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BundleError(f"{out} 已存在且不是空文件夹，未做改动；请换一个输出位置。",
                          f"{out} exists and is not an empty folder.", file=out)
    if archive.exists():
        raise BundleError(f"{archive} 已存在，未做改动；请换一个输出位置。", f"{archive} exists.", file=archive)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    work.chmod(0o755)  # mkdtemp makes it private; the bundle is to be copied and shared
    try:
        house = work / "wheelhouse"
        house.mkdir()
        say("生成 rectxl 的 wheel……")
        own = wheelhouse.own_wheel(house, wheel)
        version = own.name.split("-")[1]
        for target in targets:
            for python in pythons:
                say(f"下载 {target.label} / Python {python} 的安装包……")
                wheelhouse.fill(house, own, target, python)
        say("下载 pip（安装时用它从本地安装，不需要联网）……")
        pip_wheel = wheelhouse.pip_wheel(house)
        shutil.copy2(shipped("workbook") / WORKBOOK, work / WORKBOOK)
        write_installers(work, targets, pythons, version, pip_wheel.name)
        write_sums(work)
        if out.exists():
            out.rmdir()
        os.replace(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    say("打包 zip……")
    _zip(out, archive)
    return out, archive


def _zip(folder: Path, archive: Path) -> None:
    """folder as the zip's one top-level folder; wheels stored (they are compressed already),
    install.sh kept executable."""
    temp = archive.with_name(f".{archive.name}.part")
    try:
        with zipfile.ZipFile(temp, "w") as z:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
                info = zipfile.ZipInfo.from_file(path, name)
                info.compress_type = zipfile.ZIP_STORED if path.suffix == ".whl" else zipfile.ZIP_DEFLATED
                with open(path, "rb") as f, z.open(info, "w") as entry:
                    shutil.copyfileobj(f, entry, 1 << 20)
        os.replace(temp, archive)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
