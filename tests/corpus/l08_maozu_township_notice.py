"""中共茂租镇委员会 巡察反馈意见整改进展情况的通报 (township; prose report, rebuilt).

As found (ynqjnews.cn, 2023-03-17): "根据县委统一部署，2022年6月20日至8月3日，县委第二巡察组对
茂租镇党委开展了“巡乡带村”巡察。2022年10月19日，县委第二巡察组向茂租镇党委反馈巡察情况。" then
sections 一、 / 二、 each with items （一）（二）（三） whose first sentence is a short heading
("（一）强化责任担当。") followed by what was done. The section title names a person with his
post ("二、党委书记张发金组织落实巡察反馈意见整改工作的情况"). The stored page ends inside
二、（一）. Rebuilt as a table (our form; the headings verbatim, the bodies abridged): title, header
整改工作 | 进展情况, each 一、 section a row merged across, each （n） item one row with its
numbering kept inside the first cell (no 序号 column).
Special: numbering 一、/（一） inside the text; no department, person, deadline or status column.
"""

from . import Sheet

SOURCE = "http://www.ynqjnews.cn/article/show-361009.html"

TITLE = "中共茂租镇委员会关于落实县委第二巡察组“巡乡带村”巡察反馈意见整改进展情况的通报"
SECTIONS = [
    ("一、提高政治站位，坚决扛起整改主体责任", [
        ("（一）强化责任担当。", "坚持把巡察整改作为重大政治任务来抓，……切实做好整改工作。"),
        ("（二）坚持问题导向。", "明确整改任务，……对检查发现的问题立行立改。"),
        ("（三）突出持续整改。", "注重标本兼治，狠抓督导落实，……确保全面从严治党各项要求在全镇落地生根。"),
    ]),
    ("二、党委书记张发金组织落实巡察反馈意见整改工作的情况", [
        ("（一）高度重视。", "2022年10月19……（原页面摘录至此截断）"),
    ]),
]

# Counted from the source: 一、/二、 are aspects (2); the （n） items are the lowest numbered
# level → problems (3+1 = 4), one measure each (4); no status → done 0. Unit 茂租镇党委 (中共茂租镇
# 委员会); feedback date 2022-10-19.
EXPECTED = dict(aspects=2, problems=4, measures=4, done=0, unit="中共茂租镇委员会", feedback_date="2022-10-19")


# Columns the source does not have (or leaves blank, or whose values need a feedback date the
# source does not give): validation may only report these as missing.
LACKS = ('责任部门', '责任人', '完成时限', '整改状态')


def build(path):
    s = Sheet("整改进展")
    s.across(TITLE, 2)
    s.add("整改工作", "进展情况")
    for section, items in SECTIONS:
        s.across(section, 2)
        for head, body in items:
            s.add(head, body)
    s.save(path)
