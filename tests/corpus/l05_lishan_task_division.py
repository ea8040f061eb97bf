"""立山区政府2023年重点工作任务分解和责任分工方案 (district government; task list in prose).

As found (lishan.gov.cn, 鞍立政发〔2023〕2号): a 通知 with the 方案 as text. Sections "一、经济社会
发展的主要预期目标"; under them numbered tasks "1.努力实现地区生产总值增长6.2%左右。", each
followed by two lines "牵头单位：区发改局" / "责任单位：立山经济开发区,全区经济运行各专班".
No deadline, person, leader or status. Rebuilt as a table (our form, texts verbatim): title,
header 序号 | 工作任务 | 牵头单位 | 责任单位, the section as a row merged across, one row per task.
The stored page is cut after task 7, whose units are not visible: tasks 1–6 are taken.
Special: two unit columns (牵头单位 and 责任单位), no people at all, a task list rather than a
problem list (the numbered task is both the problem-level row and its one measure).
"""

from . import Sheet

SOURCE = "http://www.lishan.gov.cn/html/ASLSQ/202303/0168765895614794.html"

TITLE = "立山区政府2023年重点工作任务分解和责任分工方案"
SECTION = "一、经济社会发展的主要预期目标"
TASKS = [
    ("努力实现地区生产总值增长6.2%左右。", "区发改局", "立山经济开发区，全区经济运行各专班"),
    ("规模上工业增加值增长5%左右。", "区工信局", "立山经济开发区"),
    ("固定资产投资增长15%左右。", "区发改局", "立山经济开发区，各街道、区直各部门"),
    ("社会消费品零售总额增长9%左右。", "区商务局", "各街道，区市场局"),
    ("一般公共预算收入增长8%左右。", "区财政局", "立山经济开发区，各街道，税务局"),
    ("居民收入增长与经济增长基本同步。", "区发改局", "各街道，各相关单位"),
]

# Counted from the source: the 一、 section is the aspect (1); each numbered task is a problem-
# level row (6) with one measure each (6); no status → done 0. Unit: 立山区人民政府 (the issuer;
# the title says 立山区政府). No feedback date (2023年3月28日 is the issuing date).
EXPECTED = dict(aspects=1, problems=6, measures=6, done=0, unit="立山区人民政府", feedback_date=None)


# Columns the source does not have (or leaves blank, or whose values need a feedback date the
# source does not give): validation may only report these as missing.
LACKS = ('责任人', '完成时限', '整改状态')


def build(path):
    s = Sheet("任务分解")
    s.across(TITLE, 4)
    s.add("序号", "工作任务", "牵头单位", "责任单位")
    s.across(SECTION, 4)
    for i, (task, lead, units) in enumerate(TASKS, 1):
        s.add(i, task, lead, units)
    s.save(path)
