"""国资委系统 审计项目整改列表 — the problem-level list of the same SOE system as l03.

As found (xiaohaiou/shanghai-guoziwei, rectifyList.jsp "审计项目整改列表"): one header row
序号 | 问题标题 | 整改时限 | 整改问题状态 | 操作 — one row per problem of one 审计项目, status codes
shown as 待整改 / 整改中 / 整改完成, and an 操作 column of links (查看 / 修改 / 删除). The template has
no data: row values are illustrative (the layout, labels and status words are the source's).
Special: no measure, department or person column; the problem title is the only text; an
操作 column of link words.
"""

from . import Sheet

SOURCE = "github:xiaohaiou/shanghai-guoziwei:src/main/webapp/views/bimr/bimrInsideAuditProject/rectifyList.jsp"

HEADERS = ("序号", "问题标题", "整改时限", "整改问题状态", "操作")
ROWS = [
    ("部分合同未经法务审核即签订", "2019-12-31", "整改完成", "查看"),
    ("固定资产账实不符", "2020-06-30", "整改中", "查看"),
    ("“三重一大”决策记录不完整", "2020-09-30", "待整改", "查看 修改 删除"),
    ("业务招待费超标准列支", "2019-10-31", "整改完成", "查看"),
]

# Counted from the source: one project's list, no aspect level (1); each row a problem (4), one
# measure per problem row (4); 整改完成 = done (2). Unit ""; no feedback date.
EXPECTED = dict(aspects=1, problems=4, measures=4, done=2, unit="", feedback_date=None)


# Columns the source does not have (or leaves blank, or whose values need a feedback date the
# source does not give): validation may only report these as missing.
LACKS = ('方面', '责任部门', '责任人')


def build(path):
    s = Sheet("整改列表")
    s.across("审计项目整改列表", len(HEADERS))
    s.add(*HEADERS)
    for i, row in enumerate(ROWS, 1):
        s.add(i, *row)
    s.save(path)
