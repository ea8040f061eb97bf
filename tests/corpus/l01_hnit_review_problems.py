"""湖南工学院 本科教育教学审核评估整改方案 — “二、问题清单” (university; a published HTML table).

As found: the notice (中共湖南工学院委员会, 2023年12月20日) prints the 整改方案 as text, then the
heading line "二、问题清单" and a table with a TWO-ROW header:
row 1: 问题序号 | 对应审核指标 (merged over two columns) | 问题简要表述 | 问题来源 | 是否纳入整改
row 2:            一级指标 | 二级指标
The first data row reads "1 | 1.办学方向与本科地位 | 1.1党的领导 | 立…" — the stored copy of the
page ends there (the excerpt is cut inside the problem text), so this fixture has that one row,
its problem text abridged to what is visible plus a marked ellipsis; 问题来源 and 是否纳入整改 of
that row are not visible and are left blank.
Special: no measure, department, person, deadline or status column at all (a problem list that
precedes the task list); the aspect is a column (一级指标, with a finer 二级指标 beside it);
"是否纳入整改" is a 是/否 column that is NOT a completion status.
"""

from . import Sheet

SOURCE = ("https://www.hnit.edu.cn/nry.jsp?urltype=news.NewsContentUrl&wbtreeid=1320&wbnewsid=80758"
          "&type=cas&phjLqglmYdP_rCOghksAS5ICdopzALrH56orrZPZrxj2sij0GyF9PnKBXnKO_B_G")

TITLE = "湖南工学院本科教育教学审核评估整改方案"
ROWS = [
    # 问题序号, 一级指标, 二级指标, 问题简要表述, 问题来源, 是否纳入整改
    (1, "1.办学方向与本科地位", "1.1党的领导", "立……（原页面摘录至此截断）", None, None),
]

# Counted from the source: 一级指标 is the aspect (one: 1.办学方向与本科地位); each numbered row
# is one problem (1); no measure sub-rows, so one measure per problem row (1); nothing records
# completion ("是否纳入整改" says whether the problem is taken into the rectification) → done 0.
# The unit is the school named in the title; no feedback date is given (only "2023年10月").
EXPECTED = dict(aspects=1, problems=1, measures=1, done=0, unit="湖南工学院", feedback_date=None)


# Columns the source does not have (or leaves blank, or whose values need a feedback date the
# source does not give): validation may only report these as missing.
LACKS = ('责任部门', '责任人', '完成时限', '整改状态')


def build(path):
    s = Sheet("问题清单")
    s.across(TITLE, 6)
    s.across("二、问题清单", 6)
    h1 = s.add("问题序号", "对应审核指标", None, "问题简要表述", "问题来源", "是否纳入整改")
    h2 = s.add(None, "一级指标", "二级指标")
    s.merge(h1, 2, h1, 3)
    s.down(h1, h2, 1, 4, 5, 6)
    for row in ROWS:
        s.add(*row)
    s.save(path)
