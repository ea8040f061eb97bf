"""Build a VBA project (the xl/vbaProject.bin of an .xlsm) from module source text.

The project holds source only. Its _VBA_PROJECT stream declares version 0xFFFF, which tells
Office that there is no compiled code to reuse [MS-OVBA 2.3.4.1]: Excel compiles the modules
from source when the workbook opens, whatever its version or bitness.

Output is deterministic (same sources, same bytes) and nothing touches the file system.
Written here rather than with the ms-ovba package (0.0.1), which works through scratch files in
the working directory, draws random header bytes, hard-codes code page 1252 and relies on
ms-ovba-compression 1.0.1, whose copytoken_help miscomputes the maximum copy length.
Formats: [MS-OVBA] for the project (compression 2.4.1, data encryption 2.4.3, PROJECT,
PROJECTwm and dir streams 2.3), [MS-CFB] version 3 for the compound file around it.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

# The workbook's xlwings VBA module is this release's (pinned in pyproject.toml): Python's xlwings
# must be the same release, whose DLL the module names.
XLWINGS_VERSION = "0.37.8"
CONF_SHEET = "xlwings.conf"  # the sheet xlwings reads its settings (Interpreter_Win …) from

# CLSIDs a document module's VB_Base names in Excel: the workbook and a worksheet.
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"

PROJECT_ID = "{6B1E53A4-2C1D-4E8B-9F7A-5D3C0E21A8B4}"  # fixed: any GUID will do, a random one breaks determinism
SEED = 0x41  # seed of the PROJECT stream's CMG/DPB/GC obfuscation; spec says random, any byte is valid
REFERENCES = (  # what Excel puts in a new project besides VBA and Excel themselves; IRibbonControl is in Office
    ("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation"),
    ("Office", r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files\Microsoft Shared"
               r"\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library"),
)


class Module(NamedTuple):
    name: str
    code: str  # the text VBA stores: Attribute lines first (what the VBA editor exports, less a class's header)
    kind: str = "module"  # module | class | document


def read_module(path: str | Path) -> Module:
    """A module exported by the VBA editor: .bas (standard module) or .cls (class module)."""
    path = Path(path)
    code = path.read_text(encoding="utf-8")
    name = re.search(r'^Attribute VB_Name = "([^"]+)"', code, re.M).group(1)
    if path.suffix.lower() == ".cls":
        # The editor's export adds a "VERSION 1.0 CLASS / BEGIN ... END" header the project doesn't
        # hold, and leaves out three attributes Excel stores for every class module.
        code = re.sub(r"\AVERSION [^\n]*\nBEGIN\r?\n.*?^END\r?\n", "", code, flags=re.S | re.M)
        return Module(name, _with_class_attributes(code), "class")
    return Module(name, code)


# What Excel stores at the top of a class module, in this order (xlwings' quickstart_standalone.xlsm,
# saved by Excel, has them): VB_Base names the class module's CLSID; the four between come from the
# exported file, VB_TemplateDerived and VB_Customizable follow them.
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
CLASS_ATTRIBUTES = ("VB_Name", "VB_Base", "VB_GlobalNameSpace", "VB_Creatable", "VB_PredeclaredId", "VB_Exposed",
                    "VB_TemplateDerived", "VB_Customizable")


def _with_class_attributes(code: str) -> str:
    lines = code.splitlines(keepends=True)
    given = {}
    while lines and (m := re.match(r"Attribute (VB_\w+) = (.*?)\r?\n?$", lines[0])) and m[1] in CLASS_ATTRIBUTES:
        given[m[1]] = m[2]
        lines.pop(0)
    defaults = {"VB_Base": f'"{CLASS_BASE}"', "VB_GlobalNameSpace": "False", "VB_Creatable": "False",
                "VB_PredeclaredId": "False", "VB_Exposed": "False", "VB_TemplateDerived": "False",
                "VB_Customizable": "False"}
    values = {**defaults, **given}
    return "".join(f"Attribute {key} = {values[key]}\r\n" for key in CLASS_ATTRIBUTES) + "".join(lines)


def document_module(name: str, base: str) -> Module:
    """An empty document module: ThisWorkbook (base WORKBOOK_BASE) or a sheet's (WORKSHEET_BASE)."""
    attributes = (("VB_Name", f'"{name}"'), ("VB_Base", f'"{base}"'), ("VB_GlobalNameSpace", "False"),
                  ("VB_Creatable", "False"), ("VB_PredeclaredId", "True"), ("VB_Exposed", "True"),
                  ("VB_TemplateDerived", "False"), ("VB_Customizable", "True"))
    return Module(name, "".join(f"Attribute {key} = {value}\r\n" for key, value in attributes), "document")


def build_vba_project(modules: Iterable[Module | tuple[str, str]]) -> bytes:
    """vbaProject.bin holding `modules` ((name, code) pairs are standard modules), in that order.

    Code is stored with CRLF line endings, encoded in the project's code page: Western (1252) when
    all of it is ASCII, else Simplified Chinese (936).
    """
    modules = [Module(*m) for m in modules]
    modules = [m._replace(code=re.sub(r"\r?\n", "\r\n", m.code)) for m in modules]
    codepage = 1252 if all(m.code.isascii() and m.name.isascii() for m in modules) else 936
    encoding = f"cp{codepage}"
    vba = {"_VBA_PROJECT": struct.pack("<HHBH", 0x61CC, 0xFFFF, 0, 0),
           "dir": compress(_dir_stream(modules, codepage, encoding))}
    vba.update((m.name, compress(m.code.encode(encoding))) for m in modules)
    return _compound_file({"PROJECT": _project_stream(modules).encode(encoding),
                           "PROJECTwm": _projectwm_stream(modules, encoding),
                           "VBA": vba})


# ---- MS-OVBA streams ----------------------------------------------------------------------


def _project_stream(modules: list[Module]) -> str:
    """The PROJECT stream [MS-OVBA 2.3.1]: no password, not locked, visible."""
    lines = [f'ID="{PROJECT_ID}"']
    lines += [{"module": f"Module={m.name}", "class": f"Class={m.name}",
               "document": f"Document={m.name}/&H00000000"}[m.kind] for m in modules]
    lines += ['Name="VBAProject"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
              f'CMG="{_encrypt(bytes(4))}"', f'DPB="{_encrypt(bytes(1))}"', f'GC="{_encrypt(bytes([0xFF]))}"', "",
              "[Host Extender Info]", "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000", ""]
    return "\r\n".join(lines)


def _encrypt(data: bytes) -> str:
    """Data encryption [MS-OVBA 2.4.3.2] with the fixed SEED, as upper-case hex."""
    project_key = sum(PROJECT_ID.encode("ascii")) & 0xFF
    version_enc, key_enc = SEED ^ 2, SEED ^ project_key
    out = bytearray((SEED, version_enc, key_enc))
    plain1, enc1, enc2 = project_key, key_enc, version_enc  # UnencryptedByte1, EncryptedByte1, EncryptedByte2
    ignored = bytes((SEED & 6) // 2)  # IgnoredEnc: any bytes will do
    for byte in ignored + struct.pack("<I", len(data)) + data:
        encrypted = byte ^ ((enc2 + plain1) & 0xFF)
        out.append(encrypted)
        plain1, enc1, enc2 = byte, encrypted, enc1
    return out.hex().upper()


def _projectwm_stream(modules: list[Module], encoding: str) -> bytes:
    """Module names in MBCS and UTF-16 [MS-OVBA 2.3.3]."""
    return b"".join(m.name.encode(encoding) + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in modules) + b"\0\0"


def _record(record_id: int, data: bytes = b"") -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def _dir_stream(modules: list[Module], codepage: int, encoding: str) -> bytes:
    """The (uncompressed) dir stream [MS-OVBA 2.3.4.2]."""
    def u32(value: int) -> bytes:
        return struct.pack("<I", value)

    out = [_record(0x01, u32(3)),  # PROJECTSYSKIND: 64-bit Windows (informational, nothing is compiled)
           _record(0x02, u32(0x409)), _record(0x14, u32(0x409)),  # PROJECTLCID, PROJECTLCIDINVOKE
           _record(0x03, struct.pack("<H", codepage)),
           _record(0x04, b"VBAProject"),
           _record(0x05), _record(0x40),  # PROJECTDOCSTRING (MBCS, UTF-16)
           _record(0x06), _record(0x3D),  # PROJECTHELPFILEPATH
           _record(0x07, u32(0)), _record(0x08, u32(0)),  # PROJECTHELPCONTEXT, PROJECTLIBFLAGS
           struct.pack("<HIIH", 0x09, 4, 1, 0),  # PROJECTVERSION 1.0 (its Reserved field is 4, not a size)
           _record(0x0C), _record(0x3C)]  # PROJECTCONSTANTS
    for name, libid in REFERENCES:  # REFERENCENAME + REFERENCEREGISTERED
        libid = libid.encode("ascii")
        out += [_record(0x16, name.encode(encoding)), _record(0x3E, name.encode("utf-16-le")),
                _record(0x0D, u32(len(libid)) + libid + bytes(6))]
    out += [struct.pack("<HIH", 0x0F, 2, len(modules)), struct.pack("<HIH", 0x13, 2, 0xFFFF)]
    for m in modules:
        name, name16 = m.name.encode(encoding), m.name.encode("utf-16-le")
        out += [_record(0x19, name), _record(0x47, name16),  # MODULENAME, MODULENAMEUNICODE
                _record(0x1A, name), _record(0x32, name16),  # MODULESTREAMNAME: the stream is named after it
                _record(0x1C), _record(0x48),  # MODULEDOCSTRING
                _record(0x31, u32(0)),  # MODULEOFFSET: source starts at 0, there is no p-code before it
                _record(0x1E, u32(0)), _record(0x2C, struct.pack("<H", 0xFFFF)),  # help context, cookie
                _record(0x21 if m.kind == "module" else 0x22),  # MODULETYPE: procedural | document or class
                _record(0x2B)]  # module terminator
    out.append(_record(0x10))  # dir terminator
    return b"".join(out)


# ---- MS-OVBA compression [2.4.1] -------------------------------------------------------------


def compress(data: bytes) -> bytes:
    """A CompressedContainer: a signature byte, then one chunk per 4096 bytes of data."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        chunk = data[start:start + 4096]
        tokens = _compress_chunk(chunk)
        if len(tokens) <= 4096:  # header: size - 3 (12 bits), signature 0b011, compressed flag
            out += struct.pack("<H", 0xB000 | (len(tokens) + 2 - 3)) + tokens
        else:  # incompressible: a raw chunk, always 4096 bytes
            out += struct.pack("<H", 0x3FFF) + chunk.ljust(4096, b"\0")
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """The data of a CompressedContainer [MS-OVBA 2.4.1.3.1] (what `compress` makes, or Excel)."""
    if not data or data[0] != 1:
        raise ValueError("not a compressed container")
    out = bytearray()
    pos = 1
    while pos + 2 <= len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        size, compressed = (header & 0x0FFF) + 3, header & 0x8000
        chunk, pos = data[pos + 2:pos + size], pos + size
        if not compressed:
            out += chunk[:4096]
            continue
        start, i = len(out), 0
        while i < len(chunk):
            flags, i = chunk[i], i + 1
            for bit in range(8):
                if i >= len(chunk):
                    break
                if not flags >> bit & 1:
                    out.append(chunk[i])
                    i += 1
                    continue
                token = struct.unpack_from("<H", chunk, i)[0]
                i += 2
                bit_count = max((len(out) - start - 1).bit_length(), 4)
                offset, length = (token >> (16 - bit_count)) + 1, (token & (0xFFFF >> bit_count)) + 3
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


def module_source(vba_project: bytes, module: str) -> str | None:
    """The stored source of `module` in a vbaProject.bin (None when there is no such module).

    Reads the dir stream for the module's stream name, code page and source offset."""
    import io

    import olefile

    with olefile.OleFileIO(io.BytesIO(vba_project)) as ole:
        root = next((p[:-1] for p in ole.listdir() if p[-1] == "dir" and len(p) >= 2 and p[-2] == "VBA"), None)
        if root is None:
            return None
        directory = decompress(ole.openstream([*root, "dir"]).read())
        codepage, name, stream, offset = 1252, None, None, 0
        pos = 0
        while pos + 6 <= len(directory):
            record_id, size = struct.unpack_from("<HI", directory, pos)
            if record_id == 0x09:  # PROJECTVERSION: its size field is reserved, the data 6 bytes
                size = 6
            value = directory[pos + 6:pos + 6 + size]
            pos += 6 + size
            if record_id == 0x03:
                codepage = struct.unpack("<H", value)[0]
            elif record_id == 0x19:
                name, stream, offset = value.decode(f"cp{codepage}", "replace"), None, 0
            elif record_id == 0x1A:
                stream = value.decode(f"cp{codepage}", "replace")
            elif record_id == 0x31:
                offset = struct.unpack("<I", value)[0]
            elif record_id == 0x2B and name == module and stream:
                data = ole.openstream([*root, stream]).read()
                return decompress(data[offset:]).decode(f"cp{codepage}", "replace")
    return None


def _compress_chunk(chunk: bytes) -> bytes:
    """Token sequences: a flag byte, then 8 tokens, each a literal byte or a 2-byte copy token."""
    out = bytearray()
    pos = 0
    while pos < len(chunk):
        flags_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos == len(chunk):
                break
            # Bits for the offset grow with the distance from the chunk's start (CopyToken Help, 2.4.1.3.19.1).
            bit_count = max((pos - 1).bit_length(), 4)
            offset, length = _longest_match(chunk, pos, min((0xFFFF >> bit_count) + 3, len(chunk) - pos))
            if length:
                out[flags_at] |= 1 << bit
                out += struct.pack("<H", ((offset - 1) << (16 - bit_count)) | (length - 3))
                pos += length
            else:
                out.append(chunk[pos])
                pos += 1
    return bytes(out)


def _longest_match(chunk: bytes, pos: int, max_length: int) -> tuple[int, int]:
    """(offset, length) of the longest earlier copy (it may overlap pos) of the bytes at pos; (0, 0) if < 3."""
    best = (0, 0)
    for length in range(3, max_length + 1):
        found = chunk.rfind(chunk[pos:pos + length], 0, pos + length - 1)
        if found < 0:
            break
        best = (pos - found, length)
    return best


# ---- MS-CFB version 3 --------------------------------------------------------------------------

SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


class _Allocator:
    """Sectors of one size laid end to end, with their allocation table (FAT or mini FAT)."""

    def __init__(self, size: int):
        self.size, self.data, self.table = size, bytearray(), []

    def add(self, data: bytes) -> int:
        if not data:
            return ENDOFCHAIN
        first, count = len(self.table), -(-len(data) // self.size)
        self.table += [*range(first + 1, first + count), ENDOFCHAIN]
        self.data += data.ljust(count * self.size, b"\0")
        return first


def _compound_file(tree: dict) -> bytes:
    """A compound file holding `tree`: name -> bytes (a stream) or dict (a storage)."""
    entries = [["Root Entry", 5, b"", tree]]  # name, type (1 storage, 2 stream, 5 root), data, children
    left, right, child = {}, {}, {}

    def add_children(parent: int, children: dict) -> None:
        # Siblings form a binary search tree (by name length, then upper-cased name), all nodes black.
        ids = []
        for name in sorted(children, key=lambda n: (len(n), n.upper())):
            ids.append(len(entries))
            value = children[name]
            entries.append([name, 1, b"", value] if isinstance(value, dict) else [name, 2, value, None])
        child[parent] = _balanced(ids, left, right)
        for i in ids:
            if entries[i][1] == 1:
                add_children(i, entries[i][3])

    add_children(0, tree)
    fat, mini = _Allocator(SECTOR), _Allocator(MINI_SECTOR)
    starts = [0 if kind != 2 else (fat if len(data) >= MINI_CUTOFF else mini).add(data)
              for _, kind, data, _ in entries]  # a storage's start is 0
    starts[0] = fat.add(bytes(mini.data))  # the root entry's stream is the mini stream
    minifat = struct.pack(f"<{len(mini.table)}I", *mini.table)
    minifat_start = fat.add(minifat)
    directory = b"".join(
        _directory_entry(name, kind, left.get(i, NOSTREAM), right.get(i, NOSTREAM), child.get(i, NOSTREAM),
                         starts[i], len(mini.data) if i == 0 else len(data))
        for i, (name, kind, data, _) in enumerate(entries))
    directory += _directory_entry("", 0, NOSTREAM, NOSTREAM, NOSTREAM, 0, 0) * (-len(entries) % 4)
    directory_start = fat.add(directory)
    fat_count = 1
    while (len(fat.table) + fat_count) > fat_count * SECTOR // 4:
        fat_count += 1
    assert fat_count <= 109, "too big for a header-only DIFAT"
    fat_sectors = list(range(len(fat.table), len(fat.table) + fat_count))
    table = fat.table + [FATSECT] * fat_count
    table += [FREESECT] * (fat_count * SECTOR // 4 - len(table))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6),
        0, fat_count, directory_start, 0, MINI_CUTOFF, minifat_start, -(-len(minifat) // SECTOR), ENDOFCHAIN, 0)
    header += struct.pack("<109I", *fat_sectors, *[FREESECT] * (109 - fat_count))
    return header + bytes(fat.data) + struct.pack(f"<{len(table)}I", *table)


def _balanced(ids: list[int], left: dict, right: dict) -> int:
    if not ids:
        return NOSTREAM
    middle = len(ids) // 2
    left[ids[middle]] = _balanced(ids[:middle], left, right)
    right[ids[middle]] = _balanced(ids[middle + 1:], left, right)
    return ids[middle]


def _directory_entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    encoded = name.encode("utf-16-le")
    return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded) + 2 if name else 0, kind, 1 if kind else 0,
                       left, right, child, bytes(16), 0, 0, 0, start, size)
