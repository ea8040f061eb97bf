"""noidear 文档管理系统 完整功能审计报告 — module sections, each with its own table and a ✅/⚠️ status.

As found (Jason347633888/noidear, docs/complete-audit-report.md, the 2026-02-22 audit after the
整改 commits): a title "完整功能审计报告", then one section per module ("## 模块 01：三级文档管理
（TASK-001~020）"), each with its own table — the header row repeated every time —
TASK | 功能描述 | 数据模型 | 后端API | 前端UI | 测试 | 状态, and under it "模块小结: 完成 15/20".
The four middle columns hold ✅ / ⚠️ / ❌ / — per layer; 状态 is a mark and a word ("✅ 完成",
"⚠️ 部分"). Rebuilt here as one sheet the way the Markdown pastes into Excel: the title line, each
section heading a row merged across, each module's header row repeated, then its rows; texts and
marks verbatim.
Abridged: modules 01–03 of 22 (53 of the 180 TASK rows); the 小结 lines and notes under each table
are left out. Special: a real mix of done and partly done from the source; a status written as a
mark plus a word; section rows with no Chinese numbering (模块 01); the header repeated per section;
no department, person or deadline column.
"""

from . import Sheet

SOURCE = "github:Jason347633888/noidear:docs/complete-audit-report.md"

TITLE = "完整功能审计报告"
HEADERS = ("TASK", "功能描述", "数据模型", "后端API", "前端UI", "测试", "状态")
DONE, PART = "✅ 完成", "⚠️ 部分"
MODULES = [
    ("模块 01：三级文档管理（TASK-001~020）", [
        ("TASK-001", "创建文档管理数据模型", "✅", "✅", "✅", "✅", DONE),
        ("TASK-002", "创建编号规则数据模型", "✅", "✅", "✅", "✅", DONE),
        ("TASK-003", "创建编号补齐记录表", "✅", "✅", "✅", "✅", DONE),
        ("TASK-004", "实现 MinIO 文件上传服务", "—", "✅", "—", "✅", DONE),
        ("TASK-005", "实现文档编号生成逻辑", "—", "✅", "—", "✅", DONE),
        ("TASK-006", "实现文档上传 API", "—", "✅", "—", "✅", DONE),
        ("TASK-007", "实现文档列表查询 API", "—", "✅", "—", "✅", DONE),
        ("TASK-008", "实现文档详情查询 API", "—", "✅", "—", "✅", DONE),
        ("TASK-009", "实现文档下载 API", "—", "✅", "—", "✅", DONE),
        ("TASK-010", "实现文档版本管理 API", "—", "✅", "—", "✅", DONE),
        ("TASK-011", "实现文档列表页面（前端）", "—", "—", "✅", "⚠️", PART),
        ("TASK-012", "实现文档详情页面（前端）", "—", "—", "✅", "⚠️", PART),
        ("TASK-013", "实现文档版本历史组件（前端）", "—", "—", "✅", "❌", PART),
        ("TASK-014", "实现文档状态流转逻辑（后端）", "—", "✅", "—", "✅", DONE),
        ("TASK-015", "实现文档状态流转按钮（前端）", "—", "—", "✅", "⚠️", PART),
        ("TASK-016", "实现文档删除 API（后端）", "—", "✅", "—", "✅", DONE),
        ("TASK-017", "编写文档管理单元测试（后端）", "—", "—", "—", "✅", DONE),
        ("TASK-018", "编写文档管理集成测试（后端）", "—", "—", "—", "✅", DONE),
        ("TASK-019", "编写前端组件单元测试", "—", "—", "—", "⚠️", PART),
        ("TASK-020", "编写 E2E 测试（Playwright）", "—", "—", "—", "✅", DONE),
    ]),
    ("模块 02：模板管理（TASK-021~036）", [
        ("TASK-021", "创建模板数据模型", "✅", "✅", "✅", "✅", DONE),
        ("TASK-022", "实现模板 CRUD API", "—", "✅", "—", "✅", DONE),
        ("TASK-023", "实现模板复制 API", "—", "✅", "—", "✅", DONE),
        ("TASK-024", "实现模板启用/停用 API", "—", "✅", "—", "✅", DONE),
        ("TASK-025", "实现 Excel 上传解析服务", "—", "✅", "—", "✅", DONE),
        ("TASK-026", "实现模板列表页面（前端）", "—", "—", "✅", "⚠️", PART),
        ("TASK-027", "实现模板编辑器（前端）", "—", "—", "✅", "✅", DONE),
        ("TASK-028a", "实现基础字段组件库（前端）", "—", "—", "✅", "⚠️", PART),
        ("TASK-028b", "实现高级字段组件库（前端）", "—", "—", "✅", "⚠️", PART),
        ("TASK-029", "实现 Excel 上传解析组件（前端）", "—", "—", "✅", "❌", PART),
        ("TASK-030", "实现动态表单渲染组件（前端）", "—", "—", "✅", "❌", PART),
        ("TASK-031", "实现模板复制按钮（前端）", "—", "—", "✅", "❌", PART),
        ("TASK-032", "实现模板启用/停用按钮（前端）", "—", "—", "✅", "❌", PART),
        ("TASK-033", "编写模板管理单元测试（后端）", "—", "—", "—", "✅", DONE),
        ("TASK-034", "编写模板管理集成测试（后端）", "—", "—", "—", "✅", DONE),
        ("TASK-035", "编写前端组件单元测试", "—", "—", "—", "✅", DONE),
        ("TASK-036", "编写 E2E 测试（Playwright）", "—", "—", "—", "✅", DONE),
    ]),
    ("模块 03：任务管理（TASK-037~052）", [
        ("TASK-037", "创建任务数据模型", "✅", "✅", "✅", "✅", DONE),
        ("TASK-038", "创建任务记录数据模型", "✅", "✅", "✅", "✅", DONE),
        ("TASK-039", "实现任务 CRUD API", "—", "✅", "—", "✅", DONE),
        ("TASK-040", "实现任务取消 API", "—", "✅", "—", "✅", DONE),
        ("TASK-041", "实现任务暂存 API", "—", "✅", "—", "✅", DONE),
        ("TASK-042", "实现任务提交 API", "—", "✅", "—", "✅", DONE),
        ("TASK-043", "实现任务逾期检查定时任务", "—", "✅", "—", "✅", DONE),
        ("TASK-044", "实现任务列表页面（前端）", "—", "—", "✅", "⚠️", PART),
        ("TASK-045", "实现任务分发页面（前端）", "—", "—", "✅", "⚠️", PART),
        ("TASK-046", "实现任务填写页面（前端）", "—", "—", "✅", "⚠️", PART),
        ("TASK-047", "实现任务详情页面（前端）", "—", "—", "✅", "⚠️", PART),
        ("TASK-048", "实现任务取消按钮（前端）", "—", "—", "✅", "❌", PART),
        ("TASK-049", "编写任务管理单元测试（后端）", "—", "—", "—", "✅", DONE),
        ("TASK-050", "编写任务管理集成测试（后端）", "—", "—", "—", "✅", DONE),
        ("TASK-051", "编写前端组件单元测试", "—", "—", "—", "✅", DONE),
        ("TASK-052", "编写 E2E 测试（Playwright）", "—", "—", "—", "✅", DONE),
    ]),
]

# Counted from the source: each module section is an aspect (3); each TASK row is one task, a
# problem with its one measure (20 + 17 + 16 = 53 problems, 53 measures); "✅ 完成" rows are done:
# module 01 15 (its 小结 says 15/20), module 02 10 (小结 10/17), module 03 11 — its 小结 says 12/16,
# but the table's rows hold 11 ✅ and 5 ⚠️; the rows are counted: 15 + 10 + 11 = 36 done.
# The title names no organisation: unit "".
EXPECTED = dict(aspects=3, problems=53, measures=53, done=36, unit="", feedback_date=None)


# Columns the source does not have: validation may only report these as missing.
LACKS = ('责任部门', '责任人', '完成时限')


def build(path):
    s = Sheet("审计报告")
    s.across(TITLE, len(HEADERS))
    for heading, rows in MODULES:
        s.across(heading, len(HEADERS))
        s.add(*HEADERS)
        for row in rows:
            s.add(*row)
    s.save(path)
