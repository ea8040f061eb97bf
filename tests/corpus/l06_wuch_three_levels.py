"""中共金华市婺城区文化和旅游体育局党组关于巡察整改情况的通报 (county department; three numbering levels).

As found (wuch.gov.cn, 2023-05-04): prose. After the summary ("巡察反馈25个问题，已完成整改19个、
正在整改6个，整改完成率76%") the problems follow in three levels:
（一）在“贯彻落实上级决策部署不够有力，党组领导核心作用发挥不足”方面   ← aspect
1.关于“学习贯彻……不够到位”问题的整改                                  ← group label
（1）关于“学思践悟……不深不透。局党组未组织学习……”                     ← problem
The stored page is cut inside the first （1）, before its 整改情况. Rebuilt as a table (our form,
texts verbatim, abridged where the copy ends): title, header 序号 | 问题 | 整改情况, the （一）
and 1. lines as rows merged across, the （1） problem as a data row, its 整改情况 blank (not
visible).
Special: the three-level numbering （一）/1./（1） with a group label between aspect and problem;
the 问题/整改情况 pair with no measure column (one measure per problem).
"""

from . import Sheet

SOURCE = "http://www.wuch.gov.cn/art/2023/5/4/art_1229182325_4090257.html"

TITLE = "中共金华市婺城区文化和旅游体育局党组关于巡察整改情况的通报"
ASPECT = "（一）在“贯彻落实上级决策部署不够有力，党组领导核心作用发挥不足”方面"
GROUP = "1.关于“学习贯彻习近平新时代中国特色社会主义思想和上级重大决策部署不够到位”问题的整改"
PROBLEM = ("关于“学思践悟习近平总书记关于促进共同富裕的重要论述精神不深不透。局党组未组织学习2021年《关于高质量打造新时代"
           "文化高地推进共同富裕示范区建设行动方案》，结合婺城公共文化实际……”（原页面摘录至此截断）")

# Counted from the source: （一） is the aspect (1); 1. is a group label (neither); （1） is the
# problem (1); one measure per problem (1); its status is not visible → done 0. Unit: 婺城区文化和
# 旅游体育局 (区文旅体局). Feedback: "2023年1月17日，区委巡察组向区文旅体局党组反馈了巡察意见".
EXPECTED = dict(aspects=1, problems=1, measures=1, done=0, unit="婺城区文化和旅游体育局",
                feedback_date="2023-01-17")


# Columns the source does not have (or leaves blank, or whose values need a feedback date the
# source does not give): validation may only report these as missing.
LACKS = ('责任部门', '责任人', '完成时限', '整改状态')


def build(path):
    s = Sheet("整改情况")
    s.across(TITLE, 3)
    s.add("序号", "问题", "整改情况")
    s.across(ASPECT, 3)
    s.across(GROUP, 3)
    s.add("（1）", PROBLEM, None)
    s.save(path)
