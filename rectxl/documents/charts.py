"""Charts for the Word drafts (PNG, matplotlib's Agg renderer, Chinese labels).

matplotlib is imported inside the functions: the command line must start without it.

matplotlib keeps the list of installed fonts in a cache file (fontlist-*.json in its cache
folder) written the first time it runs. Fonts installed after that are not in it: a machine that
drew a chart before `apt-get install fonts-noto-cjk` would draw boxes for ever. So when the
cached list has no CJK font, the installed fonts are looked at again and the cache rewritten.
When none is installed at all, the chart is still drawn (names as boxes), without matplotlib's
warning per missing glyph, and the console is told once what to install.
"""

from __future__ import annotations

import sys
import warnings
from functools import cache
from pathlib import Path

from rectxl.core.figures import percent

# First installed wins: Windows, then Linux (fonts-noto-cjk, fonts-wqy-zenhei), then macOS.
CJK_FONTS = (
    "Microsoft YaHei", "SimHei", "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "PingFang SC", "Heiti SC", "Arial Unicode MS",
)
BAR_COLOUR, TEXT_COLOUR = "#C0392B", "#222222"
DPI = 160
MAX_LABEL = 14  # characters of a bar's label; a longer one (a unit named by its folder) is cut with "…"
MAX_BARS = 60  # bars drawn; a longer list is cut (the tables in the document list everyone)


def short_label(name: str) -> str:
    name = " ".join(str(name).split())
    return name if len(name) <= MAX_LABEL else name[:MAX_LABEL - 1] + "…"


# What to do when no CJK font is installed (the console says it once; `rectxl doctor` too).
FONT_ADVICE = ("图表中的中文需要中文字体。Debian/Ubuntu：sudo apt-get install fonts-noto-cjk；"
               "Windows：设置 → 应用 → 可选功能 → 添加“中文(简体)补充字体”（或安装微软雅黑）；"
               "macOS：系统自带“苹方”，如缺失可运行 brew install --cask font-noto-sans-cjk-sc。")
NO_CJK_FONT = "未找到中文字体，文档中图表的中文将显示为方框。" + FONT_ADVICE


def _first_cjk(font_list) -> str | None:
    installed = {f.name for f in font_list}
    return next((name for name in CJK_FONTS if name in installed), None)


@cache
def cjk_font() -> str | None:
    """The first font of CJK_FONTS that matplotlib can find, or None.

    The cached font list first; when it has none, the installed fonts (it may be stale)."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    return _first_cjk(manager.ttflist) or _rescan(manager)


def _rescan(manager) -> str | None:
    """Add the installed font files matplotlib's cached list lacks; rewrite the cache when that
    brings a CJK font (so the next run reads it again at once)."""
    import matplotlib
    from matplotlib import font_manager

    known = {f.fname for f in manager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                manager.addfont(path)
            except Exception:  # a damaged or unsupported file: matplotlib skips those too
                continue
    found = _first_cjk(manager.ttflist)
    if found:
        cache_file = Path(matplotlib.get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json"
        font_manager.json_dump(manager, cache_file)
    return found


_told = False


def _tell_missing_font() -> None:
    """Say once per process, on stderr, that charts lack a CJK font and how to install one."""
    global _told
    if not _told:
        _told = True
        print(NO_CJK_FONT, file=sys.stderr)


def completion_bar_chart(names: list[str], rates: list[float], path: Path | str,
                         title: str = "各责任人整改完成率") -> Path:
    """Horizontal bars of completion rates (fractions, 0.439 → "43.9%"), first name on top."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    path = Path(path)
    if len(names) > MAX_BARS:
        names, rates, title = names[:MAX_BARS], rates[:MAX_BARS], f"{title}（前 {MAX_BARS} 名）"
    names = [short_label(n) for n in names]
    font = cjk_font()
    if font is None:
        _tell_missing_font()
    style = {"font.family": [font] if font else ["sans-serif"], "axes.unicode_minus": False,
             "font.size": 10, "axes.edgecolor": "#888888"}
    with rc_context(style), warnings.catch_warnings():
        # Without a CJK font every Chinese glyph is a warning: the console was told once instead.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        # Fixed margins (inches) rather than tight_layout, which costs a second drawing.
        width, height = 6.3, 0.8 + 0.32 * max(len(names), 1)
        left = 0.2 + 0.15 * max((len(n) for n in names), default=0)
        fig = Figure(figsize=(width, height), dpi=DPI)
        FigureCanvasAgg(fig)
        fig.subplots_adjust(left=left / width, right=0.97, top=1 - 0.45 / height, bottom=0.4 / height)
        ax = fig.add_subplot()
        positions = range(len(names))
        ax.barh(positions, [r * 100 for r in rates], height=0.6, color=BAR_COLOUR)
        ax.set_yticks(list(positions), labels=names)
        ax.invert_yaxis()
        ax.set_xlim(0, 112)
        ax.set_xticks([0, 20, 40, 60, 80, 100], labels=["0", "20%", "40%", "60%", "80%", "100%"])
        for y, rate in zip(positions, rates):
            ax.text(rate * 100 + 1.5, y, percent(rate), va="center", color=TEXT_COLOUR)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_title(title, fontsize=12, color=TEXT_COLOUR)
        fig.savefig(path, format="png")
    return path
