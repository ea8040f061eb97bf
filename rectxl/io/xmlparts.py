"""The parts of an xlsx package: opening the zip (after the bomb check), streaming a part into
expat (no DTD, hence no entity, ever), and following the relationships from the workbook to
its sheet parts."""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from pyexpat import ExpatError, ParserCreate
from typing import BinaryIO

from rectxl.io.limits import (
    CHUNK, CRAFTED, DAMAGED, DTD, FOLDER, MAX_RATIO, MAX_SHARED_STRINGS, MAX_SHEETS, MAX_UNCOMPRESSED, MISSING,
    NOT_REGULAR, RATIO_MIN_SIZE, UNREADABLE, Refused,
)

# python-calamine finds a part by its name case-insensitively, a backslash taken for a slash
# (measured with python-calamine 0.4): so does every lookup here, and a zip holding two entries
# that are one name to it is refused, lest the probe measure one and calamine load the other.
SHARED_STRINGS = "xl/sharedstrings.xml"  # the one place calamine reads shared strings from


def part_key(name: str) -> str:
    return name.replace("\\", "/").lower()


def part_info(zf: zipfile.ZipFile, part: str) -> zipfile.ZipInfo | None:
    """The entry python-calamine would open for `part`, or None."""
    return part_index(zf).get(part_key(part))


def part_index(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Every entry by its part_key; Refused when two entries share one."""
    index = getattr(zf, "rectxl_index", None)
    if index is None:
        index = {}
        for i in zf.infolist():
            if index.setdefault(part_key(i.filename), i) is not i:
                raise Refused(*CRAFTED)  # two entries one name to calamine
        zf.rectxl_index = index
    return index

def open_file(path: Path) -> BinaryIO:
    """The file opened for reading; a folder, a FIFO or a device is refused before it is opened
    (opening a FIFO would wait for a writer forever)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise Refused(*MISSING) from None
    except OSError:
        raise Refused(*UNREADABLE) from None
    if stat.S_ISDIR(mode):
        raise Refused(*FOLDER)
    if not stat.S_ISREG(mode):
        raise Refused(*NOT_REGULAR)
    try:
        f = path.open("rb")
    except FileNotFoundError:
        raise Refused(*MISSING) from None
    except OSError:
        raise Refused(*UNREADABLE) from None
    if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # swapped for something else meanwhile
        f.close()
        raise Refused(*NOT_REGULAR)
    return f



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
    index = part_index(zf)
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
    strings = index.get(SHARED_STRINGS)
    if strings is not None and strings.file_size > MAX_SHARED_STRINGS:
        mb, limit = strings.file_size >> 20, MAX_SHARED_STRINGS >> 20
        raise Refused(
            f"其中的共享字符串表解压后有 {mb} MB，超过上限 {limit} MB；文件可能是恶意构造的",
            f"its shared string table inflates to {mb} MB, over the {limit} MB limit; it may be malicious",
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
    with zf.open(part_info(zf, part) or part) as f:
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
    ("/xl/worksheets/sheet1.xml") or relative to folder `base` ("worksheets/sheet1.xml").

    Taken literally, as python-calamine takes it: a target it would resolve otherwise than a
    URI resolver does (percent-encoded, with "." or ".." or empty segments, backslashes) is
    refused, so that what is probed is what is loaded."""
    rels = {}

    def start(name, attrs):
        if local_name(name) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            segments = target.removeprefix("/").split("/")
            if "%" in target or "\\" in target or any(s in ("", ".", "..") for s in segments):
                raise Refused(*CRAFTED)
            part = target[1:] if target.startswith("/") else f"{base}/{target}"
            rels[attrs.get("Id")] = (attrs.get("Type", ""), part)

    if part_info(zf, rels_part) is not None:
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
    if len(sheets) > MAX_SHEETS:
        raise Refused(f"工作簿有 {len(sheets)} 个工作表，超过上限 {MAX_SHEETS} 个；文件可能是恶意构造的",
                      f"the workbook has {len(sheets)} sheets, over the limit of {MAX_SHEETS}; it may be malicious")
    parts, used = {}, set()
    for name, rid in sheets:
        part = rels.get(rid, ("", ""))[1]
        if part_info(zf, part) is None:
            raise Refused(f"工作表「{name}」的数据缺失，文件已损坏", f"the data of sheet “{name}” is missing; the file is damaged")
        if part_key(part) in used:  # one part loaded once per sheet naming it
            raise Refused(*CRAFTED)
        used.add(part_key(part))
        parts[name] = part
    return parts


def uses_1904(zf: zipfile.ZipFile) -> bool:
    """Whether the workbook counts its dates from 1904 (<workbookPr date1904="1"/>)."""
    found = []

    def start(name, attrs):
        if local_name(name) == "workbookPr":
            found.append(attrs.get("date1904", "0").strip().lower() in ("1", "true"))

    parse(zf, "xl/workbook.xml", expat_parser(start))
    return bool(found and found[0])
