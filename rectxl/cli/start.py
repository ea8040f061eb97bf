"""`rectxl init`, `rectxl demo` and `rectxl build-workbook`: a ledger to start from."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectxl.cli.app import app
from rectxl.cli.common import (
    fail,
    load_at,
    make_console,
)
from rectxl.cli.options import ForceOption


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="新台账的路径（.xlsx，或带功能区按钮的 .xlsm）。")],
    demo: Annotated[bool, typer.Option("--demo", help="填入示例台账（一所学院巡察整改的完整示例，含故意留下的几处错误）。")] = False,
    force: ForceOption = False,
):
    """新建一个空白台账（或示例台账）。"""
    from rectxl.io.atomic import writing
    from rectxl.io.newledger import write_new_ledger

    if path.exists() and not force:
        fail(f"{path} 已存在；如需覆盖请加 --force。")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        fail(f"{path}：台账应保存为 .xlsx 或 .xlsm（带功能区按钮）文件。")
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_new_ledger(path, demo=demo)
    typer.echo(f"已生成{'示例' if demo else '空白'}台账：{path}")


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="输出文件夹。")] = Path("rectxl-demo"),
):
    """演示：生成示例台账，校验，统计，并说明每个输出文件的位置。"""
    from rich.text import Text

    from rectxl.cli.present import figures_tables, findings_summary, findings_table
    from rectxl.core.figures import compute
    from rectxl.core.findings import count
    from rectxl.core.rules import validate as run_rules
    from rectxl.io.newledger import write_new_ledger

    console = make_console()

    def say(heading: str, rest: object = "") -> None:
        """A line with a bold heading; a path in it is never broken across lines."""
        console.print(Text.assemble((heading, "bold"), str(rest)), soft_wrap=True)

    out.mkdir(parents=True, exist_ok=True)
    ledger_path = out / "示例整改台账.xlsx"
    write_new_ledger(ledger_path, demo=True)
    say("1. 示例台账", f"：{ledger_path}")
    ledger, as_of_day = load_at(ledger_path, None)
    findings = run_rules(ledger, as_of_day)
    say("2. 校验结果", "（示例中故意留了几处错误）：")
    console.print(findings_table(findings, "zh"))
    console.print(findings_summary(count(findings), "zh"))
    figures = compute(ledger, as_of_day)
    say("3. 统计", f"（截至 {as_of_day.isoformat()}）：")
    for renderable in figures_tables(figures, "person"):
        console.print(renderable)
    status_path = out / "统计.json"
    status_path.write_text(json.dumps(figures.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    say("", f"统计数据（JSON）：{status_path}")

    from rectxl.documents.contexts import write_briefing, write_reminders, write_weekly
    from rectxl.io.atomic import write_results
    from rectxl.io.writeback import plan

    month = (as_of_day.year, as_of_day.month)
    say("4. 文档草稿", "：")
    say("", f"月度简报：{write_briefing(ledger, as_of_day, month, out)}")
    say("", f"一周一推进：{write_weekly(ledger, as_of_day, out)[0]}")
    reminders_written = write_reminders(ledger, as_of_day, out / "督办提醒")
    say("", f"督办提醒：{len(reminders_written)} 份，在 {out / '督办提醒'}")
    from rectxl.documents.notice import write_notice

    say("", f"整改进展情况通报（对外公布，不含责任人姓名）：{write_notice(ledger, as_of_day, out)}")
    results, _ = write_results(ledger_path, out / "示例整改台账_结果.xlsx", plan(ledger, findings, figures), False,
                               dt.datetime.now())
    say("5. 结果工作簿", f"：{results}")
    say("", f"\n输出都在 {out.resolve()}")


@app.command("build-workbook")
def build_workbook_command(
    out: Annotated[Optional[Path], typer.Argument(help="输出路径（默认：workbook/Rectification.xlsm）。")] = None,
):
    """由 workbook/ 中的源文件重新生成带功能区按钮的 Rectification.xlsm。"""
    from rectxl.workbook.build import WORKBOOK_PATH, build_workbook

    typer.echo(f"已生成：{build_workbook(out or WORKBOOK_PATH)}")
