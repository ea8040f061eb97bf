"""Charts on a machine where the fonts came after matplotlib's first run, or never came.

Each case runs a fresh interpreter with its own matplotlib configuration folder (MPLCONFIGDIR,
where matplotlib keeps its font list cache), every warning an error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from rectxl.documents.charts import CJK_FONTS, NO_CJK_FONT

ROOT = Path(__file__).resolve().parent.parent
DRAW = ("import sys; from rectxl.documents.charts import completion_bar_chart, cjk_font; "
        "completion_bar_chart(['张三', '李四', '王五', '赵六'], [1.0, 0.5, 0.25, 0.0], sys.argv[1]); "
        "print(cjk_font())")


def draw(config: Path, png: Path, **env: str) -> subprocess.CompletedProcess:
    config.mkdir(exist_ok=True)
    environment = {**os.environ, "MPLCONFIGDIR": str(config), **env}
    return subprocess.run([sys.executable, "-W", "error", "-c", DRAW, str(png)], capture_output=True, text=True,
                          cwd=ROOT, env=environment, timeout=300)


def cache_file(config: Path) -> Path:
    [found] = config.glob("fontlist-*.json")
    return found


def pixels(png: Path):
    from matplotlib.image import imread

    return imread(png)


def test_fonts_installed_after_the_first_run_are_found(tmp_path):
    fresh = draw(tmp_path / "fresh", tmp_path / "fresh.png")
    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stdout.strip() in CJK_FONTS, "this machine has a CJK font (scripts/install-system-deps.sh)"

    # The state a first run before `apt-get install fonts-noto-cjk` leaves: a cache without them.
    stale = tmp_path / "stale"
    stale.mkdir()
    cached = json.loads(cache_file(tmp_path / "fresh").read_text(encoding="utf-8"))
    cached["ttflist"] = [f for f in cached["ttflist"] if "CJK" not in f["fname"] and f["name"] not in CJK_FONTS]
    assert len(cached["ttflist"]) > 0
    (stale / cache_file(tmp_path / "fresh").name).write_text(json.dumps(cached), encoding="utf-8")

    again = draw(stale, tmp_path / "stale.png")
    assert again.returncode == 0, again.stderr  # no glyph warning (they are errors here)
    assert again.stdout.strip() == fresh.stdout.strip() and again.stderr == ""
    assert (pixels(tmp_path / "stale.png") == pixels(tmp_path / "fresh.png")).all(), "the same picture"
    # The cache was rewritten with the fonts: the next run finds them at once.
    names = {f["name"] for f in json.loads(cache_file(stale).read_text(encoding="utf-8"))["ttflist"]}
    assert fresh.stdout.strip() in names


def test_no_cjk_font_at_all_still_draws_and_says_so_once(tmp_path):
    # MPL_IGNORE_SYSTEM_FONTS: matplotlib sees only the fonts it ships (no CJK among them).
    result = draw(tmp_path / "none", tmp_path / "none.png", MPL_IGNORE_SYSTEM_FONTS="1")
    assert result.returncode == 0, result.stderr  # no glyph warning reached anyone
    assert result.stdout.strip() == "None"
    assert result.stderr.strip() == NO_CJK_FONT  # once, in Chinese
    assert "sudo apt-get install fonts-noto-cjk" in NO_CJK_FONT and "Windows" in NO_CJK_FONT
    assert "macOS" in NO_CJK_FONT
    assert (tmp_path / "none.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_demo_without_cjk_fonts_prints_no_warning_flood(tmp_path):
    environment = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl"), "MPL_IGNORE_SYSTEM_FONTS": "1"}
    result = subprocess.run([sys.executable, "-m", "rectxl", "demo", "--out", str(tmp_path / "demo")],
                            capture_output=True, text=True, env=environment, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Glyph" not in result.stderr and "Warning" not in result.stderr
    assert result.stderr.count("未找到中文字体") == 1
    assert list((tmp_path / "demo").glob("月度整改进展情况报告_*.docx")), "the briefing still comes out"
