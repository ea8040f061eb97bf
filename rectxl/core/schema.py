"""The ledger declared once: sheets, columns, headers, aliases, kinds and vocabularies.

Everything else (the reader, the rules, the workbook builder, the templates' column lists)
reads from here. Chinese names are what users see; keys are what code uses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # text | id | date | deadline | status | people | flag | number | outcome
    required: bool = False
    width: float = 12
    owned: bool = False  # written by rectxl itself (never required, never user input)
    attr: str = ""  # the typed record's attribute (rectxl.core.records) when it is not `key`
    public: bool = False  # may appear in a published document (the public notice, rectxl notice)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)

    @property
    def record_attr(self) -> str:
        return self.attr or self.key


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    title: str = ""  # what the sheet holds, for help texts
    optional: bool = False  # its absence is no finding (an older ledger without it is whole)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def public(self) -> tuple[str, ...]:
        """The keys of the columns a published document may show."""
        return tuple(c.key for c in self.columns if c.public)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    kind: str  # text | date | int
    default: object = None
    aliases: tuple[str, ...] = ()
    note: str = ""


SETTINGS_SHEET = Sheet(
    key="settings",
    name="设置",
    aliases=("Settings", "参数", "基本信息"),
    title="台账参数",
    columns=(
        Column("item", "项目", ("参数", "Item", "Setting"), required=True, width=22),
        Column("value", "值", ("取值", "内容", "Value"), required=True, width=40),
        Column("note", "说明", ("Note",), width=50),
    ),
)

SETTINGS: tuple[Setting, ...] = (
    Setting("unit", "单位名称", "text", aliases=("被巡察单位", "Unit"), note="被巡察（整改）单位"),
    Setting("inspection", "巡察名称", "text", aliases=("巡视名称", "Inspection"), note="如：校党委第一轮巡察"),
    Setting("feedback_date", "反馈日期", "date", aliases=("巡察反馈日期", "Feedback date"),
            note="巡察反馈意见的日期；立行立改时限、不写年份的时限由它推算"),
    Setting("as_of", "统计截止日期", "date", aliases=("截止日期", "As of"), note="留空则取当天"),
    Setting("due_soon_days", "临期天数", "int", 7, aliases=("Due soon days",), note="距完成时限不超过此天数即为临期"),
    Setting("progress_days", "进展更新周期天数", "int", 7, aliases=("Progress days",),
            note="超过此天数无进展记录即为“无进展”"),
    Setting("immediate_days", "立行立改时限天数", "int", 30, aliases=("Immediate days",),
            note="“立行立改”的完成时限 = 反馈日期 + 此天数"),
    Setting("warning_days", "告诫逾期天数", "int", 30, aliases=("Warning days",),
            note="逾期超过此天数，督办提醒升级为“告诫”"),
    Setting("aspects_count", "方面数", "int", aliases=("Aspects",), note="反馈意见公布的方面数（可选，用于核对）"),
    Setting("problems_count", "问题数", "int", aliases=("Problems",), note="公布的问题数（可选）"),
    Setting("measures_count", "措施数", "int", aliases=("Measures",), note="公布的整改措施数（可选）"),
    # The public notice's supervision channels (rectxl notice): published as written.
    Setting("phone", "联系电话", "text", aliases=("监督电话", "举报电话", "Phone"), note="整改进展情况通报中公布的监督电话"),
    Setting("email", "电子邮箱", "text", aliases=("电子信箱", "邮箱", "E-mail", "Email"), note="通报中公布的电子邮箱"),
    Setting("address", "通信地址", "text", aliases=("邮寄地址", "地址", "Address"), note="通报中公布的通信地址（含邮编）"),
    Setting("hours", "受理时间", "text", aliases=("接待时间", "Hours"), note="如：工作日 8:30—17:30"),
)

PROBLEMS_SHEET = Sheet(
    key="problems",
    name="问题清单",
    aliases=("Problems", "问题"),
    title="问题清单",
    columns=(
        Column("problem_id", "问题编号", ("编号", "Problem ID"), "id", True, 10, attr="id", public=True),
        Column("aspect_no", "方面序号", ("方面编号", "Aspect No"), "id", True, 9, public=True),
        Column("aspect", "方面", ("问题方面", "问题类别", "问题类型", "突出问题", "巡视反馈重点方面", "巡察反馈重点方面",
                                 "重点方面", "一级标题", "一级指标", "审计项目名称", "问题领域", "Aspect"), "text", True, 24, public=True),
        Column("description", "问题描述", ("存在问题", "存在的问题", "问题内容", "问题表现", "具体问题", "反馈问题", "巡视反馈具体问题",
                                          "巡察反馈具体问题", "巡视反馈问题", "巡察反馈问题", "反馈意见",
                                          "问题简要表述", "问题标题", "问题描述及表现", "存在的主要问题", "整改事项", "工作任务", "Problem"),
               "text", True, 50, public=True),
        Column("lead", "牵头领导", ("牵头校领导", "牵头区领导", "牵头市领导", "牵头县领导", "整改第一责任人", "第一责任人",
                                   "Lead"), "people", False, 12),
        # A level between the aspect and the problem (1.关于…问题 above （1）…): a label kept with its problems.
        Column("group", "问题分组", ("二级标题", "三级标题", "二级指标", "Group"), "text", False, 24),
    ),
)

MEASURES_SHEET = Sheet(
    key="measures",
    name="任务清单",
    aliases=("Measures", "Tasks", "整改任务", "任务"),
    title="任务清单（含责任清单、时限清单）",
    columns=(
        Column("measure_id", "措施编号", ("任务编号", "Measure ID"), "id", True, 10, attr="id", public=True),
        Column("problem_id", "问题编号", ("Problem ID",), "id", True, 10, public=True),
        Column("measure", "整改措施", ("整改举措", "整改任务", "整改计划", "细化的整改措施", "具体整改措施", "整改措施及目标",
                                      "措施内容", "任务分解", "任务分解/时序进度", "子任务", "整改工作", "Measure"),
               "text", True, 50, attr="text", public=True),
        Column("target", "整改目标", ("目标要求", "考核要点", "预期目标", "整改要求", "Target"), "text", False, 30, public=True),
        Column("leader", "责任领导", ("分管领导", "分管校领导", "分管区领导", "牵头领导责任人", "分管负责人", "Leader"), "people", False, 12),
        # Several unit columns: the first name here wins (牵头单位 over 责任单位); the others go to 备注.
        Column("department", "责任部门", ("牵头单位", "牵头部门", "责任单位", "责任科室", "责任处室", "整改责任部门",
                                         "整改责任单位", "问题整改责任单位", "承办单位", "Department"), "text", True, 16),
        Column("people", "责任人", ("具体责任人", "整改责任人", "主要责任人", "责任人员", "Responsible"), "people", True, 12),
        Column("start", "开始日期", ("启动日期", "Start"), "date", False, 12),
        Column("deadline", "完成时限", ("整改时限", "时限要求", "整改期限", "完成期限", "对应的完成时间", "完成时间",
                                       "时间节点", "时限", "整改时间", "Deadline"), "deadline", True, 16, public=True),
        # 完成情况 / 整改情况 usually hold the status (已完成 / 正在整改 …), sometimes a status and then
        # free text: rectxl.importing takes the status from the start and keeps the text as progress.
        Column("status", "整改状态", ("完成状态", "措施状态", "完成情况", "整改情况", "整改完成情况", "状态", "当前状态",
                                     "是否已完成整改", "是否整改到位", "是否完成整改", "是否完成", "是否办结", "办结情况", "办理情况", "整改结果", "整改进度", "完成进度",
                                     "Status"),
               "status", True, 11, public=True),
        Column("done_date", "完成日期", ("实际完成日期", "实际完成时间", "Done date"), "date", False, 12, public=True),
        Column("progress", "整改进展", ("进展情况", "整改进展情况", "整改落实情况", "落实情况", "跟踪反馈", "具体做法",
                                       "目前进展", "当前进展", "工作进展", "推进情况",
                                       "Progress"), "text", False, 40),
        Column("evidence", "佐证材料", ("佐证资料", "Evidence"), "text", False, 24),
        Column("closed", "是否销号", ("销号", "销号情况", "Closed"), "flag", False, 9),
        Column("note", "备注", ("Note",), "text", False, 16),
        Column("deadline_date", "时限日期", ("Deadline date",), "date", False, 12, owned=True),
    ),
)

PROGRESS_SHEET = Sheet(
    key="progress",
    name="进展记录",
    aliases=("Progress", "进展", "周进展"),
    title="每周进展记录",
    columns=(
        Column("date", "日期", ("填报日期", "Date"), "date", True, 12),
        Column("measure_id", "措施编号", ("任务编号", "Measure ID"), "id", True, 10),
        Column("text", "进展情况", ("整改进展", "Progress"), "text", True, 60),
        Column("reporter", "填报人", ("Reporter",), "people", False, 10),
    ),
)

PEOPLE_SHEET = Sheet(
    key="people",
    name="责任人",
    aliases=("People", "Roster", "责任人名单"),
    title="责任人名单",
    columns=(
        Column("name", "姓名", ("Name",), "people", True, 10),
        Column("department", "部门", ("单位", "Department"), "text", False, 20),
        Column("title", "职务", ("Title",), "text", False, 16),
    ),
)

OUTCOMES_SHEET = Sheet(
    key="outcomes",
    name="整改成效",
    aliases=("Outcomes", "成效", "整改成果"),
    title="整改成效（制度废改立、追缴资金、问责处理、为群众办实事等）",
    optional=True,
    columns=(
        Column("measure_id", "措施编号", ("任务编号", "Measure ID"), "id", False, 10, public=True),
        Column("type", "成效类型", ("类型", "成效类别", "Type"), "outcome", True, 20, public=True),
        Column("quantity", "数量", ("数额", "金额", "Quantity"), "number", True, 10, public=True),
        Column("unit", "计量单位", ("单位", "Unit"), "text", False, 10, public=True),
        Column("description", "名称/说明", ("名称", "说明", "成效说明", "具体内容", "Description"), "text", False, 50,
               public=True),
        Column("date", "日期", ("取得日期", "时间", "Date"), "date", False, 12, public=True),
    ),
)

LEDGER_SHEETS: tuple[Sheet, ...] = (SETTINGS_SHEET, PROBLEMS_SHEET, MEASURES_SHEET, PROGRESS_SHEET, PEOPLE_SHEET,
                                    OUTCOMES_SHEET)
SHEETS_BY_KEY = {s.key: s for s in LEDGER_SHEETS}

# Sheets rectxl writes into a workbook (and owns: rewritten on every run).
FINDINGS_SHEET_NAME = "校验结果"
FIGURES_SHEET_NAME = "统计"

# ---- vocabularies -------------------------------------------------------------

NOT_STARTED, IN_PROGRESS, PENDING, DONE, PHASE, LONG_TERM = "未启动", "推进中", "待验收", "已完成", "阶段性完成", "长期坚持"

# Every status word real ledgers write, under the one status it means (docs/STATUSES.md lists them
# with their bucket and where they were seen). A word is decided here once; parse_status reads
# only this table. Compounds (已完成，长期坚持) are read part by part (rectxl.core.values).
STATUSES: dict[str, tuple[str, ...]] = {
    NOT_STARTED: ("待整改", "未开始", "未整改", "尚未启动", "尚未整改", "未落实", "未下发", "未分析原因制定措施"),
    IN_PROGRESS: ("正在整改", "整改中", "进行中", "正在推进", "正在推进中", "正在整改中", "正按序推进", "按序推进", "按序时推进", "序时推进中",
                  "按计划推进", "有序推进", "正在落实", "正在办理", "在办中", "已启动", "未完成", "未完成整改", "未办结",
                  "未完成但达到序时进度", "整改推进中", "措施已制定待审核", "措施审核不通过", "措施审核通过执行中"),
    PENDING: ("待验收", "已提交验收", "整改完成待审核", "待审核", "待销号", "申请销号", "办结申请中", "整改证据已上传待审核",
              "待环境核对", "待所有者核对", "待最终门禁"),
    DONE: ("完成", "已整改", "已整改完毕", "整改完毕", "已整改到位", "整改到位", "整改完成", "完成整改", "已完成整改", "已销号", "销号",
           "已办结", "办结", "已落实", "落实到位", "全部完成", "已完成并销号", "整改效果审核通过", "已整改并验证",
           "已实施", "验收通过", "验证通过", "定向通过"),
    PHASE: ("基本完成", "阶段性完成", "取得阶段性成效", "取得阶段性成果", "阶段性目标已完成", "阶段完成", "部分完成",
            "部分整改", "阶段性整改任务已完成", "阶段性办结", "基本整改到位", "基本完成整改", "部分"),
    LONG_TERM: ("持续推进", "长期推进", "持续整改", "持续整改中", "长期", "长期整改", "常态化推进", "持续落实", "长期坚持整改"),
}

# Marks a table may set before its status word ("✅ 完成", "⚠️ 部分", "❌ 未实现"): decoration, the word
# decides (tests/corpus l06).
STATUS_MARKS = "✅✔✓☑√❌✗✘×⚠❗⭕\ufe0f"

# Words that could mean two statuses: never guessed, reported with the likelier one as a suggestion.
AMBIGUOUS_STATUSES: dict[str, str] = {
    "未销号": IN_PROGRESS,  # open: not started, or under way
    "暂缓": NOT_STARTED,
    "暂缓整改": NOT_STARTED,
    "已退回": IN_PROGRESS,  # sent back for more work, or refused
    "无需整改": DONE,  # nothing to do: done, or not a measure at all
    "不需整改": DONE,
    "完成一半": PHASE,
}

# The four buckets every measure falls in exactly one of (ARCHITECTURE §4).
BUCKET_OF_STATUS = {
    DONE: "done",
    PHASE: "phase",
    IN_PROGRESS: "in_progress",
    PENDING: "in_progress",
    LONG_TERM: "in_progress",
    NOT_STARTED: "not_started",
}

# A 是/否 status column (是否完成 / 是否整改到位 …): 是 is done, 否 is not done yet.
STATUS_OF_YES_NO = {"是": DONE, "否": IN_PROGRESS}

FLAG_YES = ("是", "已销号", "销号", "Y", "YES", "TRUE", "1", "√")
FLAG_NO = ("否", "未销号", "N", "NO", "FALSE", "0", "×")

PEOPLE_SEPARATORS = "、，,/／;；\n"

# Posts written before or after a name (副局长 钱 进, 李××副校长, 唐××（党委书记）): the longest first.
POSTS = tuple(sorted({
    f"{pre}{core}" for core in ("书记", "副书记", "校长", "副校长", "院长", "副院长", "局长", "副局长", "处长", "副处长",
                                "科长", "副科长", "主任", "副主任", "部长", "副部长", "所长", "镇长", "副镇长", "县长",
                                "副县长", "区长", "副区长", "市长", "副市长", "厅长", "副厅长", "经理", "总经理",
                                "副总经理", "董事长", "主席", "副主席", "组长", "副组长", "馆长", "站长", "队长",
                                "行长", "会长", "秘书长", "调研员", "委员", "总监", "总会计师", "总工程师", "纪委书记",
                                "校领导", "局领导", "院领导")
    for pre in ("", "党委", "党组", "党总支", "党支部", "常务", "分管", "纪委", "党委常委、", "党组成员、")
}, key=len, reverse=True))
# Words that make an assignee a body or a group, not a person (各二级学院, 相关职能部门).
NOT_A_PERSON = ("各", "相关", "有关", "全体", "部门", "单位", "学院", "机关", "处室", "科室", "委员会", "领导小组",
                "办公室", "中心", "党委", "党组", "支部", "街道", "政府", "公司", "集团", "班子")
# Rows that sum up, not data.
TOTAL_ROW_WORDS = ("合计", "小计", "总计", "共计", "汇总")

# How many top rows may hold titles and a date line above the header row.
HEADER_SEARCH_ROWS = 12


# ---- outcome types (整改成效) ------------------------------------------------------


@dataclass(frozen=True)
class OutcomeType:
    name: str
    unit: str  # the unit a quantity is counted in when 计量单位 is blank
    group: str  # rules | funds | people | public | other
    phrase: str  # how a briefing says it before the number: "诫勉谈话2人"
    aliases: tuple[str, ...] = ()


RULES_MADE, RULES_REVISED, RULES_ABOLISHED = "制定制度", "修订制度", "废止制度"

OUTCOME_TYPES: tuple[OutcomeType, ...] = (
    OutcomeType(RULES_MADE, "项", "rules", "新制定", ("新制定制度", "建立制度", "新建制度", "出台制度", "制定")),
    OutcomeType(RULES_REVISED, "项", "rules", "修订", ("修订完善制度", "完善制度", "修改制度", "修订")),
    OutcomeType(RULES_ABOLISHED, "项", "rules", "废止", ("废除制度", "清理废止制度", "废止")),
    OutcomeType("追缴资金", "万元", "funds", "追缴资金", ("追缴/退还资金", "追缴", "收缴资金", "追回资金")),
    OutcomeType("退还资金", "万元", "funds", "退还资金", ("清退资金", "退回资金", "退还", "退赔")),
    OutcomeType("挽回损失", "万元", "funds", "挽回经济损失", ("挽回经济损失", "减少损失")),
    OutcomeType("谈话提醒", "人", "people", "谈话提醒", ("提醒谈话", "约谈提醒", "约谈")),
    OutcomeType("批评教育", "人", "people", "批评教育", ("批评教育帮助", "通报批评")),
    OutcomeType("诫勉", "人", "people", "诫勉谈话", ("诫勉谈话",)),
    OutcomeType("问责", "人", "people", "问责", ("追责问责", "责任追究", "追责")),
    OutcomeType("党纪政务处分", "人", "people", "给予党纪政务处分", ("党纪处分", "政务处分", "纪律处分", "处分")),
    OutcomeType("组织处理", "人", "people", "组织处理", ("调整岗位", "组织调整")),
    OutcomeType("解决群众急难愁盼问题", "件", "public", "解决群众急难愁盼问题",
                ("急难愁盼问题", "为群众办实事", "办实事", "解决群众诉求")),
    OutcomeType("其他成效", "项", "other", "取得其他成效", ("其他",)),
)
OUTCOME_TYPES_BY_NAME = {t.name: t for t in OUTCOME_TYPES}


def setting_default(key: str) -> object:
    """A setting's value when the ledger leaves it blank (declared once, in SETTINGS)."""
    return next(s.default for s in SETTINGS if s.key == key)
