"""What an imported flat sheet lacks, said as the import's warnings: the columns the ledger needs
that the sheet has not (and what stands in for them), the columns kept in 备注, the problems
found without an aspect, the unit's name. Pure; the sheet walker (rectxl.importing.flat) hands over what it read."""

from __future__ import annotations

from rectxl.core import schema
from rectxl.importing.headers import NEEDED_LATER, PROBLEM_STATUS, Header


def column_warnings(header: Header, reader) -> list[str]:
    """The columns missing from the sheet, what stands in for each, and those kept in 备注."""
    warnings: list[str] = []
    if reader.desc_key != "description" and reader.from_headings:
        warnings.append(f"源表没有问题列：{reader.from_headings} 项措施的问题取自其上方的编号行（“1 …”在“（1）…”之上）。")
    elif reader.desc_key != "description":
        warnings.append(f"源表没有问题列：每项“{header.names['measure']}”作为一个问题导入（问题描述与措施相同）。")
    if reader.measure_key != "measure":
        warnings.append(f"源表没有整改措施列：每个“{header.names['description']}”作为一项措施导入（措施内容与问题相同），"
                        "可在导入后细化。")
    leaders = "leader" in header.columns or "lead" in header.columns
    for key in NEEDED_LATER:
        if key in header.columns or (key == "status" and PROBLEM_STATUS in header.columns):
            continue
        if key == "status" and reader.statuses_from_text:
            warnings.append(f"源表没有整改状态列：{reader.statuses_from_text} 项措施的状态取自进展文字"
                            "（开头的“已完成。…”或整格的“正在整改”）。")
            continue
        if key == "status" and reader.statuses_from_closed:
            warnings.append(f"源表没有整改状态列：{reader.statuses_from_closed} 项措施的状态取自"
                            f"“{header.names['closed']}”（是 = 已完成，否 = 推进中），请核对。")
            continue
        if key == "people" and leaders:
            warnings.append("源表没有“责任人”列：责任人取自责任领导（按人统计即按责任领导统计），按单位统计用责任单位。")
            continue
        column = schema.MEASURES_SHEET.column(key)
        warnings.append(f"源表没有“{column.header}”列（也认：{'、'.join(n for n in column.aliases[:6] if not n.isascii())}等）："
                        f"导入后“任务清单”的该列为空，需要补填。")
    kept = [f"{m.cell}“{m.header}”" for m in header.mapping if m.column in header.extra]
    if kept:
        warnings.append(f"这些列没有对应的台账列，内容逐行记入“备注”：{'、'.join(kept)}。")
    return warnings


NO_UNIT = ("没能从“填报单位”行或“X关于……整改……”式标题确定单位名称（不取片段）："
           "请用 --unit 指定，或导入后在“设置”表中填写。")


def row_warnings(reader, measures: list[dict]) -> list[str]:
    """No measure imported; problems met before the first aspect row, or no aspect at all; cells
    of 责任人 naming no one."""
    if not measures:
        return ["没有导入任何整改措施：请对照上面“未导入的行”检查源表。"]
    warnings = _nobody_named(reader)
    if not reader.before_sections:
        return warnings
    where = "、".join(reader.before_sections[:5]) + ("等" if len(reader.before_sections) > 5 else "")
    if reader.sections:
        return [f"{len(reader.before_sections)} 个问题在第一个方面标题行之前（{where}），导入后其“方面”为空，请补填。",
                *warnings]
    return ["没有找到方面：既没有“一、……方面”这样的标题行，也没有“方面”列；问题都归入方面序号 1，“方面”为空，请补填。",
            *warnings]


def _nobody_named(reader) -> list[str]:
    """The measures whose 责任人 (or 责任领导) cell names bodies or posts only (各乡镇, 相关科室负责人):
    nobody is counted for them, the text is kept in 备注; said once, with where."""
    key = reader.roster_key
    if key not in ("people", "leader"):
        return []
    rows = [(row, named) for row, named in reader.named.items() if named and not any(a.is_person for a in named)]
    if not rows:
        return []
    shown = "、".join(f"{reader.ref(row, key)}“{named[0].text}”" for row, named in rows[:3]) + ("等" if len(rows) > 3 else "")
    return [f"{len(rows)} 项措施的“{reader.header.names[key]}”只写了单位或职务、没有具体人员（{shown}）："
            "未计为责任人（原文记入“备注”），请导入后补填具体责任人。"]
