"""区行政审批和政务信息管理局党组 巡察整改情况公布 (county-level department; prose, rebuilt).

As found (public.huiji.gov.cn, 郑州市惠济区): "2024年5月16日，区委第一巡察组向我局反馈了巡察意见，
经过3个月集中整改……现将巡察整改情况予以公布：" then
（一）党组书记组织落实整改工作情况: 1.强化责任担当，切实提高政治站位。 2.坚持问题导向，认真落实
巡察意见。 3.注重长效机制，推动整改成果转化。 （二）局党组织巡察整改主体责任落实情况: 1.深刻领会
精神，统一思想认识。 … The text says the 整改方案 fixed "整改措施、责任领导、责任部门、完成时限". The
stored page ends inside （二）1.
Rebuilt as a table (our form; headings verbatim, bodies abridged): header 序号 | 整改事项 | 具体
做法, the numbering in its own column, the （一）/（二） lines as rows with the numbering in A and
the title in B (NOT merged across), items 1./2./3. as rows.
Special: numbering in a 序号 column at two levels （一）/1; section rows that are not merged.
"""

from . import Sheet

SOURCE = "https://public.huiji.gov.cn/D49Y/8738334.jhtml"

TITLE = "区行政审批和政务信息管理局党组关于巡察整改情况的公布"
SECTIONS = [
    ("（一）", "党组书记组织落实整改工作情况", [
        ("1", "强化责任担当，切实提高政治站位。", "收到区委第一巡察组巡察反馈意见后，主动认领问题，立即牵头成立局巡察整改工作领导小组并担任组长……"),
        ("2", "坚持问题导向，认真落实巡察意见。", "牵头制定局巡察整改工作方案，将问题逐条进行细化……明确整改措施、责任领导、责任部门、完成时限等，并定期跟踪督办、对账销号。"),
        ("3", "注重长效机制，推动整改成果转化。", "坚持“当下改”和“长久立”相结合，从制度上、源头上进行整改。"),
    ]),
    ("（二）", "局党组织巡察整改主体责任落实情况", [
        ("1", "深刻领会精神，统一思想认识。", "对照巡察组提出的反馈意见，局党组高度重视……（原页面摘录至此截断）"),
    ]),
]

# Counted from the source: （一）/（二） are aspects (2); the 1./2./3. items are the lowest level
# → problems (3+1 = 4), one measure each (4); no status → done 0. Unit 区行政审批和政务信息管理局;
# feedback date 2024-05-16.
EXPECTED = dict(aspects=2, problems=4, measures=4, done=0, unit="区行政审批和政务信息管理局", feedback_date="2024-05-16")


# Columns the source does not have (or leaves blank, or whose values need a feedback date the
# source does not give): validation may only report these as missing.
LACKS = ('责任部门', '责任人', '完成时限', '整改状态')


def build(path):
    s = Sheet("整改情况")
    s.across(TITLE, 3)
    s.add("序号", "整改事项", "具体做法")
    for number, title, items in SECTIONS:
        s.add(number, title)
        for item in items:
            s.add(*item)
    s.save(path)
