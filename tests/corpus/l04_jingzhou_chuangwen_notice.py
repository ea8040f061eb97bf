"""荆州 市创文办 督查发现问题清单 — a 通报 in prose, rebuilt as a table (city office; hospitals).

As found (jingzhou.cjyun.org, "创文进行时丨27个问题清单曝光,要求限期整改"): text only. Each 点位
is a numbered heading ("1. 市科技馆", "2. 市第二人民医院" …), under it the problems numbered
（1）（2）…, and after them one line "问题整改责任单位:市科技馆 整改时限:3天". No measures, no
person, no status: the notice lists problems to fix within days.
Rebuilt here (our table form, the texts verbatim): title line, header 序号 | 存在问题 |
问题整改责任单位 | 整改时限; each 点位 a section row merged across; its problems below, with the
责任单位 and 整改时限 merged down over them. The stored page is cut inside 点位 5 (市妇幼保健医院,
its responsible unit and time limit not visible), so 点位 1–4 are taken (18 of the 27 problems).
Special: relative deadlines ("3天", "5天"); hospitals as 点位; one problem text contains a status
phrase ("全民阅读活动正在整改") that is part of the problem, not a status.
"""

from . import Sheet

SOURCE = "http://jingzhou.cjyun.org/p/263877.html"

TITLE = "创文进行时丨27个问题清单曝光,要求限期整改"
POINTS = [
    ("1. 市科技馆", "市科技馆", "3天", [
        "（1）院内电动车未按指定区域停放；", "（2）灭火器过期未更换；", "（3）意见簿投诉记录和回复处理记录不规范。"]),
    ("2. 市第二人民医院", "市卫生健康委员会", "5天", [
        "（1）院内禁烟标识数量不达标；", "（2）宣传牌内容不规范；", "（3）学雷锋志愿服务岗缺乏志愿者信息台账。"]),
    ("3. 市第三人民医院", "市卫生健康委员会", "5天", [
        "（1）门诊大厅服务窗口未见诚信服务公益宣传；", "（2）院内清洁卫生存在死角，垃圾未及时清运；", "（3）全民阅读活动正在整改；",
        "（4）院内住宅小区水表箱破损严重；", "（5）院内宣传栏破损。"]),
    ("4. 市第五人民医院", "市卫生健康委员会", "5天", [
        "（1）院内存在摩托车乱停乱放现象；", "（2）门诊大厅内消防设施位置设置不当；", "（3）卫生间通道有小广告；",
        "（4）住宅小区内墙面破损严重，乱涂乱画现象较多，地面有垃圾，卫生状况较差；", "（5）医院食堂未见禁止吸烟标识；",
        "（6）创文资料整理不规范，相关创文活动未开展；", "（7）未组织干部职工学习《荆州市文明行为促进条例》。"]),
]

# Counted from the source: the 点位 is the level above the problems → aspect (4); each （n）
# item is a problem (3+3+5+7 = 18); no measures, so one measure per problem (18); no status
# anywhere ("正在整改" is inside a problem text) → done 0. The notice is the 市创文办's but the
# ledger belongs to no single organisation: unit "". The feedback date (8月29日至30日, no year) is
# not a full date: None.
EXPECTED = dict(aspects=4, problems=18, measures=18, done=0, unit="", feedback_date=None)


# Columns the source does not have (or leaves blank, or whose values need a feedback date the
# source does not give): validation may only report these as missing.
LACKS = ('责任人', '整改状态', '完成时限')


def build(path):
    s = Sheet("问题清单")
    s.across(TITLE, 4)
    s.add("序号", "存在问题", "问题整改责任单位", "整改时限")
    for heading, unit, limit, problems in POINTS:
        s.across(heading, 4)
        first = s.row + 1
        for i, text in enumerate(problems, 1):
            s.add(i, text, unit if i == 1 else None, limit if i == 1 else None)
        s.down(first, s.row, 3, 4)
    s.save(path)
