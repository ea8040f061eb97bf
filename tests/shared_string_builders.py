"""Builders of hostile shared strings (tests/test_hostile.py, tests/test_shared_strings.py): a
ledger given a shared string table and cells pointing into it, as hostile_builders' other
builders patch the zip by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hostile_builders import PART, STRAY_SHEET, ledger, patch_part, read_zip, replace_cell, write_zip


SST_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main">')


def with_shared_strings(path: Path, strings: list[str], sheet: str, cells: dict[str, str]) -> Path:
    """The ledger at path given a shared string table (`strings`, raw <si> contents) and, in
    `sheet`, shared-string cells: ref → the raw text of its <v> (an existing cell is replaced)."""
    entries = read_zip(path)
    entries["xl/sharedStrings.xml"] = (SST_HEAD + "".join(f"<si>{s}</si>" for s in strings) + "</sst>").encode()
    rels = entries["xl/_rels/workbook.xml.rels"]
    if b"sharedStrings" not in rels:
        entries["xl/_rels/workbook.xml.rels"] = rels.replace(b"</Relationships>", (
            '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>').encode())
    types = entries["[Content_Types].xml"]
    if b"sharedStrings" not in types:
        entries["[Content_Types].xml"] = types.replace(b"</Types>", (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/></Types>').encode())
    xml = entries[PART[sheet]].decode()
    added = []
    for ref, index in cells.items():
        cell = f'<c r="{ref}" t="s"><v>{index}</v></c>'
        if f'<c r="{ref}"' in xml:
            xml = replace_cell(xml, ref, cell)
        else:
            added.append(f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">{cell}</row>')
    entries[PART[sheet]] = xml.replace("</sheetData>", "".join(added) + "</sheetData>").encode()
    return write_zip(path, entries)


def shared_string_fan_out(quoted: bytes = b't="s"') -> Callable[[Path], Path]:
    """200,000 cells of 进展记录 all pointing at one 100 KB shared string: a 1 MB file, within
    every zip limit, that python-calamine would copy out into 20 GB (it aborted at once). Their
    type written as `quoted`."""

    def build(folder: Path) -> Path:
        path = with_shared_strings(ledger(folder), ["<t>" + "长" * 33_334 + "</t>"], "进展记录",
                                   {f"F{r}": "0" for r in range(100, 200_100)})
        return patch_part(path, PART["进展记录"], lambda xml: xml.replace('t="s"', quoted.decode()))

    return build


def other_sheet_fan_out(folder: Path) -> Path:
    """The fan-out of shared_string_fan_out on a sheet that is not the ledger's (附表): never
    measured, never loaded, so harmless."""
    path = with_shared_strings(ledger(folder), ["<t>" + "长" * 33_334 + "</t>"], "进展记录", {})
    entries = read_zip(path)
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 200_001))
    entries["xl/worksheets/extra.xml"] = STRAY_SHEET.replace(
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', rows).encode()
    entries["xl/workbook.xml"] = entries["xl/workbook.xml"].replace(
        b"</sheets>", '<sheet name="附表" sheetId="99" r:id="rXtra"/></sheets>'.encode())
    entries["xl/_rels/workbook.xml.rels"] = entries["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        '<Relationship Id="rXtra" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="/xl/worksheets/extra.xml"/></Relationships>').encode())
    return write_zip(path, entries)
