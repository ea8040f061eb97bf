"""Draw the 整改台账 ribbon tab from workbook/customUI14.xml (labels, groups, screentips), as a
picture for the README: Excel is not available here, so this is how the tab is laid out, not a
screenshot. Icons are Office's own (imageMso) in Excel; here each shows its imageMso name.

    python docs/render_ribbon.py   →  docs/ribbon.png
"""

from pathlib import Path
from xml.etree import ElementTree

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from rectxl.documents.charts import cjk_font

HERE = Path(__file__).resolve().parent
NS = "{http://schemas.microsoft.com/office/2009/07/customui}"


def main() -> Path:
    root = ElementTree.parse(HERE.parent / "workbook" / "customUI14.xml").getroot()
    tab = next(root.iter(NS + "tab"))
    group = next(tab.iter(NS + "group"))
    buttons = list(group.iter(NS + "button"))
    fig = Figure(figsize=(9, 2.6), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 90)
    ax.set_ylim(0, 26)
    ax.axis("off")
    font = {"family": [cjk_font() or "sans-serif"]}
    ax.add_patch(FancyBboxPatch((0.5, 0.5), 89, 19, boxstyle="square,pad=0", fc="#f3f3f3", ec="#c8c8c8"))
    for i, name in enumerate(("文件", "开始", "插入", "公式", "数据", tab.get("label"))):
        x = 2 + i * 9
        if name == tab.get("label"):
            ax.add_patch(FancyBboxPatch((x - 1, 19.5), 11, 5, boxstyle="square,pad=0", fc="#f3f3f3", ec="#c8c8c8"))
        ax.text(x + 4, 21.8, name, ha="center", va="center", fontsize=11, color="#217346" if i == 5 else "#333",
                fontweight="bold" if i == 5 else "normal", **font)
    for i, b in enumerate(buttons):
        x = 3 + i * 13
        ax.add_patch(FancyBboxPatch((x, 7.5), 11, 10, boxstyle="round,pad=0.2", fc="white", ec="#b0b0b0"))
        ax.text(x + 5.5, 14, b.get("imageMso"), ha="center", va="center", fontsize=6.5, color="#888")
        ax.text(x + 5.5, 9.5, b.get("label"), ha="center", va="center", fontsize=11, **font)
    ax.text(3 + len(buttons) * 13 / 2, 3, group.get("label"), ha="center", va="center", fontsize=9, color="#555", **font)
    out = HERE / "ribbon.png"
    fig.savefig(out)
    return out


if __name__ == "__main__":
    print(main())
