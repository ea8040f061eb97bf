"""Findings and the catalogue of every rule a user can meet: one row per rule.

A rule row holds its code, severity and message templates (Chinese and English) with named
slots; the slots {sheet}, {cell}, {value} and {column} are always available, others come from
the rule's own details. A detail is a plain value (a name, a header, a number: the same in both
languages) or a (Chinese, English) pair. {suggestion} holds a closest match, or nothing: the
rule's `hint` words it ("，是否应为“…”" unless the rule says otherwise). A reviewer sees every
message here, on one screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
SEVERITY_LABEL = {"zh": {ERROR: "错误", WARNING: "警告", INFO: "提示"}, "en": {ERROR: "error", WARNING: "warning", INFO: "info"}}


_DID_YOU_MEAN = ("，是否应为“{suggestion}”", " (did you mean “{suggestion}”?)")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    zh: str
    en: str
    hint: tuple[str, str] = _DID_YOU_MEAN  # how {suggestion} reads when there is one (zh, en)


_RULES = (
    # structure
    Rule("not-a-ledger", ERROR, "找不到任何台账工作表（应有：{expected}；实际有：{found}）。",
         "No ledger sheet found (expected: {expected}; found: {found})."),
    Rule("sheet-missing", ERROR, "缺少工作表“{sheet}”（也可命名为：{aliases}）。请按模板添加该工作表。",
         "Sheet “{sheet}” is missing (also accepted: {aliases}). Add it as in the template."),
    Rule("header-not-found", ERROR, "在前 {rows} 行中找不到表头行；表头应包含：{expected}。",
         "No header row in the first {rows} rows; the headers should include: {expected}."),
    Rule("column-missing", ERROR, "缺少必填列“{column}”{suggestion}。",
         "Required column “{column}” is missing{suggestion}.",
         hint=("（表头中的“{suggestion}”是否就是这一列？）", " (is the header “{suggestion}” that column?)")),
    Rule("column-absent", WARNING, "没有“{column}”列：已完成措施的完成日期无法核对，本月完成数和是否超期无法统计。",
         "There is no “{column}” column: completion dates can't be checked, nor this month's count or lateness."),
    Rule("header-duplicate", ERROR, "列标题“{column}”出现了两次（另见 {other}），请删除或改名其中一列。",
         "Column “{column}” appears twice (also at {other}); delete or rename one."),
    Rule("sheet-empty", WARNING, "工作表“{sheet}”没有数据行。", "Sheet “{sheet}” has no data rows."),
    Rule("stray-cell", WARNING, "在表格区域之外很远处有内容（{value}），可能是误输入；已忽略，请删除。",
         "A value far outside the table ({value}), probably typed by accident; it was ignored — delete it."),
    Rule("setting-invalid", ERROR, "设置项“{column}”的值“{value}”无法识别：{expected}。",
         "Setting “{column}” has an unreadable value “{value}”: {expected}."),
    # cells
    Rule("value-required", ERROR, "“{column}”不能为空。", "“{column}” must not be empty."),
    Rule("excel-error", ERROR, "单元格是 Excel 错误值 {value}，请修正公式或改为实际内容。",
         "The cell holds the Excel error {value}; fix the formula or type the value."),
    Rule("date-unreadable", ERROR, "“{column}”的值“{value}”不是可识别的日期，请写成 2022-12-31 或 2022年12月31日。",
         "“{column}” value “{value}” is not a date; write it as 2022-12-31."),
    Rule("date-out-of-range", ERROR, "“{column}”的日期 {value} 不在 1990—2099 年之间，应是输入错误，请核对。",
         "“{column}” date {value} is not between 1990 and 2099: probably a typing error."),
    Rule("date-ambiguous", ERROR,
         "“{column}”是数字 {value}，可能是 Excel 把“2022.10”之类的输入改成了数字；请把单元格设为文本后写成“2022年10月”等。",
         "“{column}” is the number {value}; Excel may have turned a typed 2022.10 into it. "
         "Format the cell as text and write e.g. 2022-10-31."),
    Rule("deadline-unreadable", ERROR,
         "完成时限“{value}”无法识别。可写作：2022年12月31日、2022年12月底前、2023年第一季度、立行立改、长期坚持、"
         "2024年底前，并长期坚持。",
         "Deadline “{value}” is not understood. Accepted forms include 2022-12-31, 2022年12月底前, 2023年第一季度, "
         "立行立改, 长期坚持, 2024年底前，并长期坚持."),
    Rule("deadline-needs-feedback-date", ERROR,
         "完成时限“{value}”需要根据反馈日期推算，请在“设置”表中填写“反馈日期”，或直接写明日期。",
         "Deadline “{value}” is counted from the feedback date: fill in 反馈日期 on the settings sheet, or write a date."),
    Rule("status-unknown", ERROR, "整改状态“{value}”不在可选值中{suggestion}；可选：{expected}。",
         "Status “{value}” is not in the list{suggestion}; allowed: {expected}."),
    Rule("status-ambiguous", ERROR, "整改状态“{value}”含义不明确，rectxl 不作猜测{suggestion}；请改为可选值之一：{expected}。",
         "Status “{value}” is ambiguous and is not guessed{suggestion}; write one of: {expected}."),
    Rule("outcome-type-unknown", ERROR, "成效类型“{value}”不在可选值中{suggestion}；可选：{expected}。",
         "Outcome type “{value}” is not in the list{suggestion}; allowed: {expected}."),
    Rule("number-unreadable", ERROR, "“{column}”的值“{value}”不是数字，请只填写数字（单位写在“计量单位”列）。",
         "“{column}” value “{value}” is not a number; write the number only (the unit goes in 计量单位)."),
    Rule("number-negative", ERROR, "“{column}”为负数 {value}，应不小于 0。", "“{column}” is negative ({value}); it must be 0 or more."),
    Rule("flag-unknown", WARNING, "“{column}”应填“是”或“否”，现为“{value}”。",
         "“{column}” should be 是 or 否, not “{value}”."),
    Rule("id-number", WARNING, "编号 {value} 被 Excel 存成了数字，可能已失真（如 1.10 变成 1.1）；请把该列设为文本后重新输入。",
         "ID {value} is stored as a number and may have changed (1.10 becomes 1.1); format the column as text and retype it."),
    Rule("id-prefix", WARNING, "措施编号“{value}”应以其问题编号加“-”开头（{expected}）。",
         "Measure ID “{value}” should start with its problem ID and “-” ({expected})."),
    # across rows and sheets
    Rule("id-duplicate", ERROR, "“{column}”“{value}”重复（首次出现在 {other}）。", "“{column}” “{value}” is repeated (first at {other})."),
    Rule("problem-unknown", ERROR, "问题编号“{value}”在问题清单中不存在{suggestion}。",
         "Problem ID “{value}” is not on the problems sheet{suggestion}."),
    Rule("problem-without-measure", WARNING, "问题“{value}”没有任何整改措施。", "Problem “{value}” has no measure."),
    Rule("person-not-on-roster", WARNING, "责任人“{value}”不在责任人名单中{suggestion}。",
         "“{value}” is not on the roster{suggestion}."),
    Rule("progress-unknown-measure", ERROR, "进展记录的措施编号“{value}”在任务清单中不存在{suggestion}。",
         "Progress row for unknown measure “{value}”{suggestion}."),
    Rule("outcome-unknown-measure", ERROR, "整改成效的措施编号“{value}”在任务清单中不存在{suggestion}；"
         "属于整体整改的成效请将措施编号留空。",
         "Outcome row for unknown measure “{value}”{suggestion}; leave it blank for an outcome of the whole rectification."),
    Rule("count-mismatch", WARNING, "设置中公布的{column}为 {expected}，台账中实际为 {value}。",
         "Settings announce {expected} for {column}; the ledger has {value}."),
    Rule("aspect-inconsistent", WARNING, "方面序号“{value}”对应了不同的方面名称（另见 {other}）。",
         "Aspect number “{value}” has different names (also at {other})."),
    # logic
    Rule("done-without-date", WARNING, "状态为“已完成”但没有完成日期：本月完成数和是否超期无法计算。",
         "Status is 已完成 but 完成日期 is empty: this month's count and lateness can't include it."),
    Rule("date-without-done", WARNING, "填写了完成日期，但整改状态是“{value}”而不是“已完成”。",
         "完成日期 is filled in but the status is “{value}”, not 已完成."),
    Rule("date-after-as-of", ERROR, "“{column}”{value} 晚于统计截止日期 {expected}。",
         "“{column}” {value} is after the as-of date {expected}."),
    Rule("deadline-before-start", WARNING, "完成时限 {value} 早于开始日期 {expected}。", "Deadline {value} is before the start date {expected}."),
    Rule("deadline-before-feedback", WARNING, "完成时限 {value} 早于巡察反馈日期 {expected}。",
         "Deadline {value} is before the feedback date {expected}."),
    Rule("done-without-evidence", WARNING, "状态为“已完成”但没有填写佐证材料。", "Status is 已完成 but no evidence (佐证材料) is given."),
    Rule("closed-not-done", ERROR, "已销号，但整改状态是“{value}”而不是“已完成”。", "Closed (销号) but the status is “{value}”, not 已完成."),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}


@dataclass(frozen=True)
class Finding:
    rule: str
    sheet: str = ""
    cell: str = ""  # e.g. "J17" (no sheet); "" when the finding is about a whole sheet
    value: str = ""
    column: str = ""
    details: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    @property
    def address(self) -> str:
        """任务清单!J17, or the sheet name alone."""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def message(self, lang: str = "zh") -> str:
        rule = RULES[self.rule]
        en = lang == "en"
        details = {k: v[en] if isinstance(v, tuple) else v for k, v in self.details.items()}
        slots = {"sheet": self.sheet, "cell": self.cell, "value": self.value, "column": self.column,
                 "suggestion": "", "expected": "", "other": "", **details}
        if slots["suggestion"]:
            slots["suggestion"] = rule.hint[en].format(suggestion=slots["suggestion"])
        return (rule.en if en else rule.zh).format(**slots)

    def as_dict(self, lang: str = "zh") -> dict:
        return {"severity": self.severity, "rule": self.rule, "sheet": self.sheet, "cell": self.cell,
                "value": self.value, "message": self.message(lang)}


def count(findings) -> dict[str, int]:
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for f in findings:
        counts[f.severity] += 1
    return counts


def catalogue_markdown() -> str:
    """Every rule as a Markdown table (code, severity, the Chinese message with its slots): the
    README's list of findings is this table (docs/update_findings_list.py writes it there)."""
    lines = ["| rule | severity | message (slots in braces) |", "|---|---|---|"]
    for r in _RULES:
        lines.append(f"| `{r.code}` | {SEVERITY_LABEL['zh'][r.severity]} {r.severity} | {r.zh} |")
    return "\n".join(lines)
