"""常州信息职业技术学院 纪检监察部门 重点工作自评表 (college; a web-form template, FreeMarker).

As found (twotom/performanceappraisal, templates/department_key_self/202.ftl): one header row
是否完成 | 自评分 | 详细说明 | 工作任务 | 任务分解/时序进度 | 考核要点
and four 工作任务, each merged down (rowspan) over its 任务分解 rows (3, 5, 3, 3 rows); 是否完成
(radio buttons 已完成 / 未完成), 自评分 and 详细说明 are merged down with the task too, so the
status lives at the task (problem) level and covers all its sub-rows. The deadline is not a
column: each 任务分解 text starts with its period ("3月", "1月至4月", "5月至12月", "3月-4月",
"全年", "3月，", "3月至10月"). No title, no aspect level, no person or department column (the
sheet belongs to one department). Texts transcribed in full.
The template leaves the radios unset: this fixture ticks 已完成 for the first two tasks and
未完成 for the last two (our choice, among the form's own two values).
"""

from . import Sheet

SOURCE = "github:twotom/performanceappraisal:src/main/webapp/WEB-INF/templates/department_key_self/202.ftl"

HEADERS = ("是否完成", "自评分", "详细说明", "工作任务", "任务分解/时序进度", "考核要点")
TASKS = [
    ("已完成", "做好党风廉政建设责任制考核", [
        ("3月 组织各党总支学习领会《省落实党风廉政建设责任制领导小组办公室2016年度党风廉政建设责任制检查考核情况通报》并对照自身情况整改",
         "各党总支学习及整改情况报告"),
        ("1月至4月 修改教学单位、职能部门党风廉政建设责任制考核办法", "完成修改稿"),
        ("5月至12月 对教学单位、职能部门党风廉政建设责任制执行情况进行抽查及年终考核", "形成2017年党风廉政建设建设责任制考核细则"),
    ]),
    ("已完成", "完善党风廉政建设基本制度", [
        ("全年 配合学院制度废改立及学院行政权力编制运行工作完善部门内部相关制度及各类工作流程", "完成部门内部的制度废改立及行政权力编制运行工作"),
        ("3月-4月 制定并出台《常州信息职业技术学院纪检监察劳务费管理制度》", "《常州信息职业技术学院纪检监察工作劳务费管理制度》"),
        ("4月-5月 修改完善并出台《常州信息职业技术学院监督执纪四种形态实施办法》", "《常州信息职业技术学院监督执纪四种形态实施办法》"),
        ("6月-7月 修改完善并出台《常州信息职业技术学院纪检监察信访工作条例》", "《常州信息职业技术学院纪检监察信访工作条例》"),
        ("9月-10月 制定并出台《常州信息职业技术学院对党员干部进行约谈、诫勉谈话和函询的实施办法》",
         "《常州信息职业技术学院对党员干部进行约谈、诫勉谈话和函询的实施办法》"),
    ]),
    ("未完成", "探索监督工作体制机制", [
        ("全年 做好信访监督工作，充分运用提醒谈话、函询等方式进行有效监督", "全年信访工作调查处理资料"),
        ("全年 做好各类招标、招聘、评比等监督工作，重点做好基建工程监督", "全年各类监督资料"),
        ("全年 做好五一端午、中秋国庆、元旦春节等节日纪律提醒工作", "全年各类节日提醒短信、文件、通知等"),
    ]),
    ("未完成", "推进学院行政权力清单编制", [
        ("3月，在现有的185项行政权力清单中公布第一批具有规范性可运行的行政权力清单", "公布50项规范性文件"),
        ("3月至12月，对不规范的行政权力项要求各部门进行完善", "对于没有规范性文件的135项要求相关部门形成规范性文件"),
        ("3月至10月 在信息中心和各部门的配合下，在网上试运行第一批中的行政权力", "在公布的第一批行政权力清单中选择若干行政权力进行网上试运行"),
    ]),
]

# Counted from the source: a 工作任务 is the problem-level row (4); each 任务分解/时序进度 row is a
# measure (3+5+3+3 = 14); no aspect level → everything under one aspect (1); 是否完成 merged over
# a task's rows gives each of its measures that status: 已完成 tasks 1–2 → 3+5 = 8 done.
# No title: unit "" ; no feedback date.
EXPECTED = dict(aspects=1, problems=4, measures=14, done=8, unit="", feedback_date=None)


# Columns the source does not have (or leaves blank, or whose values need a feedback date the
# source does not give): validation may only report these as missing.
LACKS = ('方面', '责任部门', '责任人', '完成时限')


def build(path):
    s = Sheet("重点工作")
    s.add(*HEADERS)
    for status, task, steps in TASKS:
        first = s.row + 1
        for i, (step, point) in enumerate(steps):
            s.add(status if i == 0 else None, None, None, task if i == 0 else None, step, point)
        s.down(first, s.row, 1, 2, 3, 4)
    s.save(path)
