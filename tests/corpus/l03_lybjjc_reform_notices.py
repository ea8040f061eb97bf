"""洛阳分院 维修单位 安全管理系统 整改通知单列表 — an aviation maintenance unit's real inspection findings.

As found (gyLinuxer/LYBJJC, the SafetyMng system of a 洛阳分院 aircraft-maintenance unit: its
CheckBaseDB names "洛阳分院维修单位法定自查清单库"): the list page
(application/safetymng/view/Reform/ReformList.html) shows one row per 整改通知单 with
序号 | 整改通知单编号 | 标题 | 责任单位 | 当前处理部门 | 当前状态 | 反馈状态 | 纠正证据 | 预防证据 | 删除;
the database dump public/DB/SafetyMng-190303.sql holds the 15 notices issued after the 2019-01-17
年度检验检查 (ReformList: Code, ReformTitle, DutyCorp, CurDealCorp, ReformStatus). The status words are
the system's own seven (application/safetymng/controller/Reform.php: 未下发 / 未分析原因制定措施 /
措施已制定待审核 / 措施审核不通过 / 措施审核通过执行中 / 整改证据已上传待审核 / 整改效果审核通过).
Rebuilt here as that list page, every value the dump's. Left out: 反馈状态 (computed when the page
is shown), 纠正证据 / 预防证据 / 删除 (links and buttons). All 15 notices are taken.
Special: one notice per finding, the 标题 as the problem; a problem-level list with no measure
column; a workflow status per notice (14 awaiting the unit's cause analysis, one whose measures were
approved and are under way); the same finding re-issued to another team (notices 2 and 15); no
deadline or person on the list.
"""

from . import Sheet

SOURCE = ("github:gyLinuxer/LYBJJC:public/DB/SafetyMng-190303.sql (table ReformList; list page "
          "application/safetymng/view/Reform/ReformList.html; statuses application/safetymng/controller/Reform.php)")

HEADERS = ("序号", "整改通知单编号", "标题", "责任单位", "当前处理部门", "当前状态")
NOTICES = [  # (Code, ReformTitle, DutyCorp, CurDealCorp, ReformStatus), in the dump's order
    ('NDJYJC-20190121145400697', '机务二队移动空调(20100324001)无保养标签，无罩布', '机务二队', '机务二队', '未分析原因制定措施'),
    ('NDJYJC-20190121151455102', '工具借还记录填写不规范', '机务三队', '机务三队', '未分析原因制定措施'),
    ('NDJYJC-20190121151547355', '工具房工具盘点记录中“两周盘点”未填写', '机务三队', '机务三队', '未分析原因制定措施'),
    ('NDJYJC-20190121151618142', '机务工程部收回的待校计量工具未分类存放，且未上锁', '机务三队', '机务三队', '未分析原因制定措施'),
    ('NDJYJC-20190121151652992', '机务三队移动空调(编号:YKTK002)故障停用，未悬挂禁用标牌', '机务三队', '机务三队', '未分析原因制定措施'),
    ('NDJYJC-20190121151755317', '机务一队计量工具柜工具清单与实物不符，无记录表明其工具去向', '机务一队', '机务一队', '未分析原因制定措施'),
    ('NDJYJC-20190121151836227', '2015年机务工程部设备清查后新增设备未列入《设备总清单》', '机务三队', '机务三队', '未分析原因制定措施'),
    ('NDJYJC-20190121151915730', '机务一队工具箱(GJX025)内小桶存有航空汽油', '机务一队', '机务一队', '未分析原因制定措施'),
    ('NDJYJC-20190121151947572', '机务一队工具箱(GJX025)内喷油罐内，存有有效状态未知的航化品，无标签表明其内部航化品有效', '机务一队',
     '机务一队', '未分析原因制定措施'),
    ('NDJYJC-20190121152217189', '机务二队172千斤顶(QJD021)保养时间超期(检查时间为2019.01.17)', '机务二队', '机务二队', '未分析原因制定措施'),
    ('NDJYJC-20190121152347373', '机务二队千斤顶(20015)保养时间超期，检查时间为(2019.01.17)', '机务二队', '机务二队', '未分析原因制定措施'),
    ('NDJYJC-20190121152606419', '机务四队除冰液工具箱(GJX58)内PH试纸超期(其批号开头为2014,有效期三年)，且存有未列入清单的吸滴器',
     '机务四队', '机务四队', '未分析原因制定措施'),
    ('NDJYJC-20190121152639371', '机务四队存有未纳入工具箱清单的工具箱(GXJ42和GJX43)，且内部存有不明航材', '机务四队', '机务四队',
     '未分析原因制定措施'),
    ('NDJYJC-20190121161524342', '机务四队高杆灯门不可彻底关闭', '机务四队', '机务四队', '措施审核通过执行中'),
    ('NDJYJC-20190122142826350', '工具借还记录填写不规范', '机务二队', '机务二队', '未分析原因制定措施'),
]

# Counted from the source: each 整改通知单 is one finding = one problem (15; notices 2 and 15 share a
# title but went to two teams: two problems), with no measure column → one measure each (15); no
# aspect level → one aspect; none is 整改效果审核通过 (the system's done) → done 0. No title names the
# unit: unit "".
EXPECTED = dict(aspects=1, problems=15, measures=15, done=0, unit="", feedback_date=None)


# Columns the source does not have: validation may only report these as missing.
LACKS = ('方面', '责任人', '完成时限')


def build(path):
    s = Sheet("整改通知单列表")
    s.add(*HEADERS)
    for i, notice in enumerate(NOTICES, 1):
        s.add(i, *notice)
    s.save(path)
