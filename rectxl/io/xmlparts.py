"""The parts of an xlsx package: opening the zip (after the bomb check), streaming a part into
expat (no DTD, hence no entity, ever), and following the relationships from the workbook to
its sheet parts."""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from pyexpat import ExpatError, ParserCreate
from typing import BinaryIO
from urllib.parse import unquote

from rectxl.io.limits import (
    CHUNK, DAMAGED, DTD, FOLDER, MAX_RATIO, MAX_UNCOMPRESSED, MISSING, RATIO_MIN_SIZE, UNREADABLE, Refused,
)

def open_file(path: Path) -> BinaryIO:
    if path.is_dir():
        raise Refused(*FOLDER)
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise Refused(*MISSING) from None
    except OSError:
        raise Refused(*UNREADABLE) from None



@contextmanager
def open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """The zip, once its declared sizes pass the bomb check; zip and XML errors → Refused."""
    with open_file(path) as f:
        try:
            with zipfile.ZipFile(f) as zf:
                check_sizes(zf)
                yield zf
        # OSError: a seek to a bad offset; UnicodeDecodeError: a bad entry name; RuntimeError: an
        # encrypted entry; NotImplementedError: an unknown compression method.
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, UnicodeDecodeError, RuntimeError,
                NotImplementedError, ExpatError) as e:
            raise Refused(*DAMAGED) from e


def check_sizes(zf: zipfile.ZipFile) -> None:
    """Refuse before inflating anything. CPython's zipfile never yields more than an entry's
    declared size (it stops there and fails the CRC check), so the declared sizes bound all that
    any reader of this zip can inflate."""
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        mb, limit = total >> 20, MAX_UNCOMPRESSED >> 20
        raise Refused(
            f"解压后将有 {mb} MB，超过上限 {limit} MB；文件可能已损坏或是恶意构造的",
            f"it would inflate to {mb} MB, over the {limit} MB limit; it may be damaged or malicious",
        )
    for i in infos:
        if i.file_size > RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            mb = i.file_size >> 20
            raise Refused(
                f"其中的「{i.filename}」压缩比异常（{i.compress_size} 字节解压成 {mb} MB），可能是恶意构造的文件",
                f"its entry “{i.filename}” is packed absurdly tight ({i.compress_size} bytes inflate to {mb} MB); it may be malicious",
            )



def expat_parser(start: Callable, end: Callable | None = None, text: Callable | None = None):
    """An expat parser (no namespace processing: names keep their prefix) that refuses a DTD, so
    no entity can be declared, let alone expanded."""

    def refuse_dtd(*_):
        raise Refused(*DTD)

    p = ParserCreate()
    p.buffer_text = True
    p.StartDoctypeDeclHandler = refuse_dtd
    p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if text:
        p.CharacterDataHandler = text
    return p


def local_name(name: str) -> str:
    return name.rpartition(":")[2]


def part_chunks(zf: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    with zf.open(part) as f:
        while chunk := f.read(CHUNK):
            yield chunk


def feed(zf: zipfile.ZipFile, part: str, parser) -> Iterator[None]:
    """Parse `part`, pausing after each chunk."""
    for chunk in part_chunks(zf, part):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)


def parse(zf: zipfile.ZipFile, part: str, parser) -> None:
    for _ in feed(zf, part, parser):
        pass


def relationships(zf: zipfile.ZipFile, rels_part: str, base: str) -> dict[str, tuple[str, str]]:
    """Id → (Type, part name) for the internal targets of a .rels part; a target is absolute
    ("/xl/worksheets/sheet1.xml") or relative to folder `base` ("worksheets/sheet1.xml")."""
    rels = {}

    def start(name, attrs):
        if local_name(name) == "Relationship" and attrs.get("TargetMode") != "External":
            target = unquote(attrs.get("Target", ""))
            part = target[1:] if target.startswith("/") else posixpath.join(base, target)
            rels[attrs.get("Id")] = (attrs.get("Type", ""), posixpath.normpath(part))

    if rels_part in zf.NameToInfo:
        parse(zf, rels_part, expat_parser(start))
    return rels


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, in workbook order (transitional or strict, any prefixes)."""
    sheets = []

    def start(name, attrs):
        if local_name(name) == "sheet":  # its r:id is its one prefixed "id" attribute
            rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
            sheets.append((attrs.get("name", ""), rid))

    parse(zf, "xl/workbook.xml", expat_parser(start))
    rels = relationships(zf, "xl/_rels/workbook.xml.rels", "xl")
    parts = {}
    for name, rid in sheets:
        part = rels.get(rid, ("", ""))[1]
        if part not in zf.NameToInfo:
            raise Refused(f"工作表「{name}」的数据缺失，文件已损坏", f"the data of sheet “{name}” is missing; the file is damaged")
        parts[name] = part
    return parts
