"""常州信息职业技术学院 审计部门 重点工作考核表 (college; the same system's leader-side template).

As found (twotom/performanceappraisal, templates/department_key/217.ftl): one header row
档次 | 级别 | 负荷系数 | 是否完成 | 自评分 | 详细说明 | 工作任务 | 任务分解/时序进度 | 考核要点
— three grading columns (radios A档/B档/C档, I级/II级/III级, K1/K2/K3) before 是否完成; all of
them and the 工作任务 merged down over the task's 任务分解 rows (2, 3, 1). 是否完成 is filled from
the department's self-evaluation (layout l02); here it is left blank as in the template. Periods
inside the text use "3月：", "4~12月：", "6~12月：", "3~12月：". Tasks are about 审计与督促整改.
"""

from . import Sheet

SOURCE = "github:twotom/performanceappraisal:src/main/webapp/WEB-INF/templates/department_key/217.ftl"

HEADERS = ("档次", "级别", "负荷系数", "是否完成", "自评分", "详细说明", "工作任务", "任务分解/时序进度", "考核要点")
TASKS = [
    ("2016年中层干部经济责任使用审计与督促整改", [
        ("3月：配合组织部门对2016年中层干部经济责任审计中的问题提出整改建议", "提出书面整改建议"),
        ("4~12月：推进相关部门落实整改", "根据学院要求协助落实问题整改"),
    ]),
    ("2016年部门经费使用审计与督促整改", [
        ("3月：提出审计方案，确定审计机构，做好审计前准备工作", "确定审计机构，完成方案制定及审计准备工作"),
        ("4~5月：审计工作实施、总结、出具报告", "协助审计单位完成审计，并提出整改建议"),
        ("6~12月：对审计结果中出现的问题提出整改建议，下发整改通知书推进部门落实整改", "督促部门完成整改"),
    ]),
    ("加强对重大专项实施过程中的前期介入和过程跟进", [
        ("3~12月：在各重大专项的实施过程中加大前期的监督建议与过程的跟踪监督。", "对重大专项的前期与过程审计监督汇总材料"),
    ]),
]

# Counted from the source: 工作任务 = problem-level row (3); 任务分解 rows = measures (2+3+1 = 6);
# no aspect level (1); 是否完成 blank → done 0. No title: unit ""; no feedback date.
EXPECTED = dict(aspects=1, problems=3, measures=6, done=0, unit="", feedback_date=None)


# Columns the source does not have (or leaves blank, or whose values need a feedback date the
# source does not give): validation may only report these as missing.
LACKS = ('方面', '责任部门', '责任人', '完成时限', '整改状态')


def build(path):
    s = Sheet("重点工作考核")
    s.add(*HEADERS)
    for task, steps in TASKS:
        first = s.row + 1
        for i, (step, point) in enumerate(steps):
            s.add(None, None, None, None, None, None, task if i == 0 else None, step, point)
        s.down(first, s.row, 1, 2, 3, 4, 5, 6, 7)
    s.save(path)
