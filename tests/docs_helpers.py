"""Sample contexts for the Word templates (as rectxl.documents.contexts builds them) and PDF helpers."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

UNIT, INSPECTION = "××学院党委", "校党委第一轮巡察"
# Text that must come out literally: markup, an ampersand, a jinja expression.
LITERAL = "<b>&{{7*7}}"


def briefing_context(chart: Path | None = None) -> dict:
    return {
        "title": f"{UNIT}巡察整改工作月度进展情况报告",
        "unit": UNIT, "inspection": INSPECTION, "month_label": "2023年3月",
        "date_line": "2023年3月31日", "as_of": "2023年3月31日",
        "overall": {"total": 41, "done": 18, "phase": 5, "staged": 23, "in_progress": 12, "not_started": 6,
                    "overdue": 4, "due_soon": 2, "stale": 5, "completion_rate": "43.9%",
                    "staged_rate": "56.1%", "done_this_month": 6},
        "counts": {"aspects": 3, "problems": 8, "measures": 41},
        "aspects": [
            _aspect("（一）", "党的政治建设", 14, 7, 9, 4, 1, 1, "50.0%", [
                ("学习贯彻习近平新时代中国特色社会主义思想不够深入，理论学习中心组学习流于形式",
                 5, 3, 4, 0, "60.0%"),
                ("落实意识形态工作责任制不到位", 5, 2, 3, 1, "40.0%"),
                ("贯彻落实上级决策部署有温差", 4, 2, 2, 0, "50.0%"),
            ]),
            _aspect("（二）", "全面从严治党", 15, 6, 8, 4, 3, 2, "40.0%", [
                ("“三重一大”决策制度执行不严格", 6, 3, 4, 1, "50.0%"),
                ("财务管理和经费使用不规范\x07", 5, 2, 3, 1, "40.0%"),
                ("落实中央八项规定精神有松懈", 4, 1, 1, 0, "25.0%"),
            ]),
            _aspect("（三）", "基层党组织建设", 12, 5, 6, 4, 2, 1, "41.7%", [
                ("党支部“三会一课”制度落实不到位", 7, 3, 4, 1, "42.9%"),
                ("发展党员工作程序不规范", 5, 2, 2, 0, "40.0%"),
            ]),
        ],
        "people": [
            _person(1, "李明", "党委办公室", 9, 2, 3, 3, 3, 2, 1, 2, "22.2%", "33.3%"),
            _person(2, "张伟", "组织部", 8, 3, 4, 3, 1, 1, 0, 1, "37.5%", "50.0%"),
            _person(3, "刘洋", "财务处", 10, 4, 6, 3, 1, 2, 1, 1, "40.0%", "60.0%"),
            _person(4, "陈静", "宣传部", 7, 4, 5, 2, 0, 0, 0, 1, "57.1%", "71.4%"),
            _person(5, "欧阳晓明", "马克思主义学院", 9, 6, 7, 2, 0, 0, 0, 0, "66.7%", "77.8%"),
        ],
        "chart": chart,
        "overdue": OVERDUE,
        "due_soon": DUE_SOON,
        "issues_found": [
            "一是整改进度不平衡。“全面从严治党”方面完成率仅为40.0%，个别措施至今尚未启动。",
            "二是部分整改措施逾期未完成。4项措施超过完成时限，其中最长逾期90天。",
            f"三是台账填报不够规范。个别责任人填写的进展内容出现“{LITERAL}”等无关字符，进展更新不及时。",
        ],
        "next_steps": [
            "一是紧盯逾期事项。对4项逾期措施逐项督办，明确完成时间，4月15日前全部销号。",
            "二是强化过程管理。落实“一周一推进”机制，责任人每周五前在台账中更新整改进展。",
        ],
        "outcomes_text": "建立完善制度20项（新制定14项、修订6项），追缴资金12.5万元，诫勉谈话2人",
        "outcomes_month_text": f"新制定制度2项，解决群众急难愁盼问题6件{LITERAL}",
    }


def _aspect(no, name, total, done, staged, in_progress, not_started, overdue, rate, problems) -> dict:
    return {
        "no": no, "name": name, "total": total, "done": done, "staged": staged, "in_progress": in_progress,
        "not_started": not_started, "overdue": overdue, "completion_rate": rate,
        "problems": [
            {"no": f"{i}.", "text": text, "total": t, "done": d, "staged": s, "overdue": o, "completion_rate": r}
            for i, (text, t, d, s, o, r) in enumerate(problems, 1)
        ],
    }


def _person(rank, name, unit, total, done, staged, in_progress, not_started, overdue, due_soon, stale,
            rate, staged_rate) -> dict:
    return {"rank": rank, "name": name, "unit": unit, "total": total, "done": done, "staged": staged,
            "in_progress": in_progress, "not_started": not_started, "overdue": overdue,
            "due_soon": due_soon, "stale": stale, "completion_rate": rate, "staged_rate": staged_rate}


OVERDUE = [
    {"measure": "1-2-1", "text": f"修订意识形态阵地管理办法，健全审批备案制度{LITERAL}", "people": "李明、刘洋",
     "department": "党委办公室", "deadline": "2022年12月31日", "days": 90},
    {"measure": "2-1-2", "text": "修订“三重一大”决策制度实施办法，明确决策事项清单和议事程序", "people": "张伟",
     "department": "党委办公室", "deadline": "2023年1月31日", "days": 59},
    {"measure": "2-2-1", "text": "开展经费使用专项检查，对发现的问题建立台账、逐项整改", "people": "刘洋",
     "department": "财务处", "deadline": "2023年2月28日", "days": 31},
    {"measure": "3-1-3", "text": "建立党支部“三会一课”落实情况季度检查通报制度", "people": "李明",
     "department": "组织部", "deadline": "2023年3月15日", "days": 16},
]
DUE_SOON = [
    {"measure": "1-3-2", "text": "召开专题会议研究部署上级重大决策落实工作", "people": "陈静、李明",
     "department": "宣传部", "deadline": "2023年4月5日", "days_left": 5},
    {"measure": "2-3-1", "text": "开展违反中央八项规定精神问题专项自查自纠", "people": "刘洋",
     "department": "财务处", "deadline": "2023年4月7日", "days_left": 7},
]


def reminder_context() -> dict:
    mine = [m for m in OVERDUE if "李明" in m["people"]]
    return {
        "unit": UNIT, "inspection": INSPECTION, "date_line": "2023年3月31日", "as_of": "2023年3月31日",
        "person": {"name": "李明", "unit": "党委办公室"},
        "level": "督办通知", "level_title": "整改事项督办通知",
        "intro": f"根据{INSPECTION}反馈意见整改工作安排，经核查整改台账，您作为责任人的整改措施中有"
                 f"{len(mine)}项已逾期未完成，另有部分事项临近完成时限或长期未更新进展。现将有关事项通知如下。",
        "overdue": mine,
        "due_soon": DUE_SOON[:1],
        "stale": [
            {"measure": "3-2-1", "text": "规范发展党员工作流程，开展发展党员材料专项检查", "deadline": "2023年6月30日",
             "last_progress": "2023年3月1日", "days_since": 30},
            {"measure": "1-1-4", "text": f"完善理论学习中心组学习制度{LITERAL}", "deadline": "长期坚持",
             "last_progress": "无", "days_since": None},
        ],
        "office": "校党委巡察整改工作领导小组办公室",
    }


def weekly_context() -> dict:
    return {
        "unit": UNIT, "inspection": INSPECTION, "week_label": "2023年3月25日—3月31日",
        "as_of": "2023年3月31日", "date_line": "2023年3月31日",
        "summary": {"updated": 12, "completed": 3, "stale": 3, "due_next_week": 2},
        "people": [
            {"name": "李明", "unit": "党委办公室", "updated": 2, "completed": 0, "stale": 2, "due_next_week": 1},
            {"name": "张伟", "unit": "组织部", "updated": 3, "completed": 1, "stale": 1, "due_next_week": 0},
            {"name": "刘洋", "unit": "财务处", "updated": 3, "completed": 1, "stale": 0, "due_next_week": 1},
            {"name": "陈静", "unit": "宣传部", "updated": 2, "completed": 0, "stale": 0, "due_next_week": 1},
            {"name": "欧阳晓明", "unit": "马克思主义学院", "updated": 2, "completed": 1, "stale": 0,
             "due_next_week": 0},
        ],
        "completed": [
            {"measure": "1-1-2", "text": "制定理论学习中心组年度学习计划并严格落实，建立学习考勤和研讨发言记录制度",
             "people": "欧阳晓明", "done_date": "2023年3月27日"},
            {"measure": "2-2-3", "text": "修订差旅费管理办法", "people": "刘洋", "done_date": "2023年3月29日"},
            {"measure": "3-2-2", "text": f"开展发展党员材料专项检查{LITERAL}", "people": "张伟",
             "done_date": "2023年3月30日"},
        ],
        "due_next_week": [
            {"measure": "1-3-2", "text": "召开专题会议研究部署上级重大决策落实工作", "people": "陈静、李明",
             "deadline": "2023年4月5日", "days_left": 5},
            {"measure": "2-3-1", "text": "开展违反中央八项规定精神问题专项自查自纠", "people": "刘洋",
             "deadline": "2023年4月7日", "days_left": 7},
        ],
        "stale": [
            {"measure": "3-1-3", "text": "建立党支部“三会一课”落实情况季度检查通报制度，对落实不到位的党支部书记"
                                         "进行约谈并限期整改", "people": "李明", "last_progress": "2023年3月10日"},
            {"measure": "1-1-4", "text": "完善理论学习中心组学习制度", "people": "李明", "last_progress": "无"},
            {"measure": "2-1-2", "text": "修订“三重一大”决策制度实施办法", "people": "张伟",
             "last_progress": "2023年3月15日"},
        ],
        "outcomes_text": "新制定制度1项，解决群众急难愁盼问题6件",
        "outcomes": [
            {"type": "制定制度", "quantity": "1", "unit": "项", "text": "《理论学习中心组学习工作办法》",
             "measure": "1-1-2", "date": "2023年3月27日"},
            {"type": "解决群众急难愁盼问题", "quantity": "6", "unit": "件",
             "text": f"解决师生反映的食堂、宿舍、实验室开放等急难愁盼问题{LITERAL}", "measure": "—",
             "date": "2023年3月28日"},
        ],
    }


def notice_context() -> dict:
    return {
        "title": f"{UNIT}关于{INSPECTION}整改进展情况的通报", "unit": UNIT, "inspection": INSPECTION,
        "feedback_date": "2022年9月16日", "as_of": "2023年3月31日", "date_line": "2023年3月31日",
        "counts": {"aspects": 3, "problems": 3, "measures": 41, "solved": 1, "in_hand": 1, "long_term": 1},
        "overall": {"total": 41, "done": 18, "phase": 5, "staged": 23, "ongoing": 18, "completion_rate": "43.9%",
                    "staged_rate": "56.1%"},
        "problems": [
            {"no": 1, "aspect": "党的政治建设", "text": "理论学习中心组学习流于形式", "measures": 5, "done": 5,
             "status": "已整改到位"},
            {"no": 2, "aspect": "全面从严治党", "text": f"财务管理和经费使用不规范{LITERAL}", "measures": 6, "done": 3,
             "status": "正在整改"},
            {"no": 3, "aspect": "基层党组织建设", "text": "党支部“三会一课”制度落实不到位", "measures": 7, "done": 6,
             "status": "长期坚持"},
        ],
        "outcomes_text": "建立完善制度20项（新制定14项、修订6项），追缴资金12.5万元，诫勉谈话2人",
        "outcomes": [{"type": "制定制度", "unit": "项", "total": "14"}],
        "named_outcomes": [{"type": "制定制度", "text": "《理论学习中心组学习工作办法》"},
                           {"type": "修订制度", "text": "《财务报销管理规定》（修订）"}],
        "next_steps": ["一是对正在整改的1个问题，紧盯时间节点，逐项推进，确保按期整改到位。"],
        "channels": [{"label": "联系电话", "value": "0571-86880000"}, {"label": "电子邮箱", "value": "xczg@example.edu.cn"}],
    }


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
