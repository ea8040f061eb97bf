"""江苏有线 无锡分公司 重点工作督办系统 — sub-task rows with their real statuses (state-owned enterprise).

As found (Milkyxway/xjs, supervise-vue-fe: a 督办 (supervision) system of 江苏有线无锡分公司, the
cable-TV SOE): `src/inserttasks.sql` holds the sub-tasks (子任务) the departments reported in 2023,
one INSERT per row: taskGoal (the sub-task), finishTime (deadline), actualFinish (when done),
status, parentId (the 督办任务 it belongs to) and completeDesc (what was done). The status codes are
the system's own (`src/constant/index.js`, taskStatusMap): 3 = 进行中, 4 = 已完成. The parent tasks'
texts are not in the repository, only their numbers.
Rebuilt here as the system's sub-task list (the table form and header labels are ours; every value
is the source's): 工作任务 (the parent task, named by its number, merged down over its sub-tasks) |
子任务 | 完成时限 | 实际完成日期 | 状态 (the code shown as its label) | 完成情况描述.
Abridged: 7 of the 14 parent tasks (201, 202, 203, 206, 208, 211, 212), each with all its sub-tasks;
the others repeat one goal month after month (200, 205, 207) or have a mistyped parentId (209).
Special: a real mix of 已完成 / 进行中 from the source; sub-tasks finished after their deadline
(206: 4月30日 → 6月30日); one step cancelled yet marked 已完成 by the system (212, its completeDesc says
so); datetime deadlines from a system; no aspect, department or person column.
"""

import datetime as dt

from . import Sheet

SOURCE = "github:Milkyxway/xjs:supervise-vue-fe/src/inserttasks.sql (status labels: supervise-vue-fe/src/constant/index.js)"

HEADERS = ("工作任务", "子任务", "完成时限", "实际完成日期", "状态", "完成情况描述")
STATUS = {3: "进行中", 4: "已完成"}  # taskStatusMap of src/constant/index.js


def d(text):
    return dt.datetime.fromisoformat(text) if text else None


# parentId → [(taskGoal, finishTime, actualFinish, status code, completeDesc)], as in the SQL.
TASKS = {
    201: [
        ("组织工作内外部调研，完成定岗定编工作，并形成岗位薪酬套改工作思路及意见。", "2023-05-31", "2023-05-31", 4,
         "经过部门站深入调研和意见征集，完成分公司定岗定编方案，并初步形成薪酬套改工作思路"),
        ("制定完善岗位薪酬套改方案及实施办法，制定工作配套政策", "2023-06-30", "2023-06-30", 4, "制定岗位薪酬套改方案初稿并进行测算。"),
        ("广泛征求意见，组织宣讲，进一步完善方案", "2023-07-31", "2023-07-31", 4, "组织在中层干部层面政策宣讲，进一步细化测算，制定相关套改政策"),
        ("实施岗位薪酬套改，组织评估调整。", "2023-09-30", None, 3, None),
    ],
    202: [
        ("完成应收管理细则的培训", "2023-03-31", "2023-03-31", 4, "已完成全体内勤主管人员培训"),
        ("完成收款计划，坏账计提信息化的实施", "2023-06-30", "2023-06-30", 4,
         "已完成内勤主管培训，已开始应收单计划收款时间、责任人填写、并据此进行逾期统计和坏账计算"),
        ("完成省公司客商信用管理的实施", "2023-09-30", None, 3, None),
        ("完成政企业务应收款周转率不高于上年数，逾期应收款不高于期初数", "2023-12-31", None, 3, None),
    ],
    203: [
        ("完成利润考核方案初稿", "2023-06-30", "2023-06-30", 4, "已完成利润考核方案修改稿上报分管领导"),
        ("经过修改完善，细化完成利润考核方案最终版", "2023-09-30", None, 3, None),
    ],
    206: [
        ("确定产品经理方案", "2023-04-15", "2023-04-15", 4, "初步方案重新制定完成"),
        ("确定产品经理人选", "2023-04-30", "2023-06-30", 4,
         "方案在部门内部进行试点，已经确定产品经理试点人员，正式方案将与“分公司岗位薪酬套改”同步实施，进行定岗定薪。"),
        ("产品经理市场调研、政策制定", "2023-05-30", "2023-07-31", 4, "试点经理已经完成市场调研、产品策划方案等。"),
        ("产品经理市场调研、政策制定", "2023-12-31", None, 3, None),
    ],
    208: [
        ("1、建立营业服务规范 2、建立维修服务规范 3、建立不见面服务规范 4、启动广电站专项工作组", "2023-04-30", "2023-04-30", 4,
         "1、建立营业服务规范--4月下旬已完成，待发布2、建立维修服务规范--4月下旬已完成，待发布3、建立不见面服务规范--预计5月下旬已完成"
         "4、启动广电站专项工作组--4月11日已经启动"),
        ("1、启动大数据系统二期建设 2、试点推广社会渠道用户服务 3、营业服务质量管理巡检", "2023-05-30", "2023-05-30", 4,
         "1、启动大数据系统二期建设--已召开大市会议启动项目建设 2、试点推广社会渠道用户服务--已在山北黄巷、东港、旺庄、马山、安镇等广电站"
         "开展社会渠道试点工作3、营业服务质量管理巡检--已完成"),
        ("1、全触达式定向用户精准走访2、召开用户座谈会", "2023-06-30", "2023-07-31", 4,
         "1、已启动走访，截止7月底累计走访12747户；2、7月31日邀请了在网时间超过10年、广电5G、千兆宽带共计16位用户代表，召开用户座谈会；"),
        ("营业服务质量管理巡检及回头看", "2023-09-30", None, 3, None),
        ("客户服务体系总结回头看", "2023-09-30", None, 3, None),
    ],
    211: [
        ("完成惠山区前洲玉祁、洛社、钱桥玉祁站8个点的入户试点工作", "2023-04-15", "2023-04-10", 4,
         "在三个广电站完成FTTH入户试点工作，涉及39个小区，10194户覆盖用户，完成光纤入户割接2739户，平均入户割接率91.51%。"),
        ("进行入户费用测算和入户方案固化", "2023-05-15", "2023-05-24", 4,
         "费用测算完成，谈判小组与工程公司于5月24日完成商务谈判。入户费用及方案已经总经理办公会讨论通过。"),
        ("完成全年5万户光纤入户的目标任务", "2023-12-31", None, 3, None),
    ],
    212: [
        ("搭建组织架构，成立“降本增效”项目组", "2023-03-31", "2023-04-12", 4,
         "下发苏网锡发〔2023〕27号文《关于成立工程建设“降本增效”项目组的通知》，正式成立“降本增效”项目组。"),
        ("网络模型的设计优化，明确设计方案", "2023-05-31", "2023-06-29", 4,
         "网络模型优化专项会议于6月29日召开，按楼栋进行了统计和精准分析，确定新建网络端口配比由80%降低至25%（商品房）和50%（安居房）。"),
        ("材料准备，试验小区施工，出试验报告", "2023-06-29", None, 4,
         "网优模型确定后，可以直接进入施工阶段，不需要再做试验小区，故此环节根据工程实际情况取消。%降低至25%（商品房）和50%（安居房）。"),
        ("方案固化，全面施工", "2023-11-30", None, 3, None),
        ("数据分析对比，项目总结", "2023-12-30", None, 3, None),
    ],
}

# Counted from the source: a parent task (parentId) is the problem-level row (7); each INSERT is a
# sub-task = a measure (4+4+2+4+5+3+5 = 27); no aspect level → one aspect; status 4 (已完成) rows:
# 3+2+1+3+3+2+3 = 17 done (212's cancelled step counts: the system marks it 4). The file names no
# organisation in a title (江苏有线无锡分公司 is the system's, not a sheet title): unit "".
EXPECTED = dict(aspects=1, problems=7, measures=27, done=17, unit="", feedback_date=None)


# Columns the source does not have: validation may only report these as missing.
LACKS = ('方面', '责任部门', '责任人')


def build(path):
    s = Sheet("子任务")
    s.add(*HEADERS)
    for parent, subtasks in TASKS.items():
        first = s.row + 1
        for i, (goal, finish, actual, code, desc) in enumerate(subtasks):
            s.add(f"任务{parent}" if i == 0 else None, goal, d(finish), d(actual), STATUS[code], desc)
        s.down(first, s.row, 1)
    s.save(path)
