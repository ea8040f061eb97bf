"""国资委系统 内部审计项目问题整改 — a state-owned-enterprise audit-rectification system, as a flat export.

As found (xiaohaiou/shanghai-guoziwei, views/bimr/bimrInsideAuditProject): the system keeps, per
审计项目 (审计项目名称, 审计项目性质 such as 经济责任审计 / 企业巡视), its problems
(rectifyView.jsp: 整改问题状态 待整改 / 整改中 / 整改完成待审核 / 整改完成, 整改责任人, 整改时限,
整改责任部门, 整改对接人, 存在问题, 审计建议), each problem's measures (整改措施 | 完成时限) and a
tracking log per measure (rectifyFeedbackMsgList.jsp "审计问题整改跟踪表": 序号 | 反馈日期 | 措施内容 |
跟踪反馈 | 措施状态, with 措施状态 整改中 / 整改完成). It exports "审计整改验收单（单一项目维度）".
This fixture is that data flattened the way such exports are: title line "审计问题整改跟踪表", one
header row with the system's own field labels, one row per measure, the project and problem
fields repeated on every row (no merges). The source holds no data (templates only): the row
values below are illustrative, written to the system's fields; the layout, labels and status
words are the source's.
Special: two deadline columns (problem 整改时限 and measure 完成时限), two statuses (problem
整改问题状态 and measure 措施状态), 整改对接人 beside 整改责任人, 审计建议 beside 存在问题.
"""

from . import Sheet

SOURCE = ("github:xiaohaiou/shanghai-guoziwei:src/main/webapp/views/bimr/bimrInsideAuditProject/"
          "rectifyView.jsp + rectifyFeedbackMsgList.jsp")

HEADERS = ("序号", "审计项目名称", "存在问题", "审计建议", "整改问题状态", "整改责任部门", "整改责任人", "整改对接人",
           "整改时限", "整改措施", "完成时限", "措施状态", "跟踪反馈", "反馈日期")
# project, problem, advice, problem status, dept, person, contact, problem deadline, measures
DATA = [
    ("2019年度下属公司经济责任审计", "部分合同未经法务审核即签订", "完善合同审核流程", "整改完成", "法务部", "张明", "李华",
     "2019-12-31", [("修订《合同管理办法》，明确法务审核节点", "2019-11-30", "整改完成", "已印发", "2019-11-20"),
                    ("对已签合同开展补充审核", "2019-12-31", "整改完成", "已完成补审", "2019-12-25")]),
    ("2019年度下属公司经济责任审计", "固定资产账实不符", "开展资产清查", "整改中", "财务部", "王强", "赵敏",
     "2020-06-30", [("开展固定资产全面清查", "2020-03-31", "整改完成", "清查完毕", "2020-03-28"),
                    ("按清查结果调整账务", "2020-06-30", "整改中", "调账推进中", "2020-04-15")]),
    ("2020年企业巡视", "“三重一大”决策记录不完整", "规范会议记录", "待整改", "办公室", "陈刚", "周丽",
     "2020-09-30", [("制定“三重一大”决策会议记录模板", "2020-09-30", "整改中", "", "")]),
]

# Counted from the source's model: the 审计项目 groups problems → aspect (2 projects); each
# 存在问题 is a problem (3); each 整改措施 a measure (2+2+1 = 5); a measure is done when its
# 措施状态 is 整改完成 (3). (The problem-level 整改问题状态 agrees: only the first problem is
# 整改完成.) No organisation in the title; no feedback date.
EXPECTED = dict(aspects=2, problems=3, measures=5, done=3, unit="", feedback_date=None)


# Columns the source does not have (or leaves blank, or whose values need a feedback date the
# source does not give): validation may only report these as missing.
LACKS = ()


def build(path):
    s = Sheet("整改跟踪")
    s.across("审计问题整改跟踪表", len(HEADERS))
    s.add(*HEADERS)
    n = 0
    for project, problem, advice, pstatus, dept, person, contact, pdeadline, measures in DATA:
        for text, deadline, mstatus, feedback, fdate in measures:
            n += 1
            s.add(n, project, problem, advice, pstatus, dept, person, contact, pdeadline, text, deadline, mstatus,
                  feedback or None, fdate or None)
    s.save(path)
