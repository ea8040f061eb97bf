"""The jinja2 sandbox user templates (--templates) render in, with bounds: a template is a file
anyone may hand an office, so neither `range(10**9)`, nested loops, `"x" * 10**9` nor a zip
bomb saved as .docx may exhaust the machine's time or memory.

Bounds: the template file (its size on disk and inflated), the items all loops over `range`
may yield in one rendering, the length of a string or list built by `*` or `+`, the text
written out, and the wall time (on the main thread, where a timer can interrupt it).
"""

from __future__ import annotations

import signal
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment

from rectxl.errors import TemplateError

MAX_TEMPLATE_BYTES = 20 << 20  # a template file on disk
MAX_TEMPLATE_INFLATED = 60 << 20  # all its parts inflated
MAX_RANGE_ITEMS = 1_000_000  # items all range() calls of one rendering may yield
MAX_BUILT = 1_000_000  # characters (or items) a * or + may build
MAX_OUTPUT = 50_000_000  # characters written by {{ … }} in one rendering
MAX_SECONDS = 120


def check_template_file(path: Path) -> None:
    """TemplateError for a template too large on disk or inflated (a zip bomb)."""
    try:
        size = path.stat().st_size
        with zipfile.ZipFile(path) as z:
            inflated = sum(i.file_size for i in z.infolist())
    except (OSError, zipfile.BadZipFile):
        return  # docxtpl says what is wrong with it
    if size > MAX_TEMPLATE_BYTES or inflated > MAX_TEMPLATE_INFLATED:
        raise TemplateError(f"模板 {path.name} 过大（{size >> 20} MB，解压后 {inflated >> 20} MB），不像是正常的 Word 模板。",
                            f"template {path.name} is too large ({size >> 20} MB, {inflated >> 20} MB inflated).")


def _too_much(what_zh: str, what_en: str) -> TemplateError:
    return TemplateError(f"模板运行超出上限：{what_zh}；请检查模板中的循环和运算。",
                         f"the template exceeds a limit: {what_en}; check its loops and operators.")


class BoundedSandbox(SandboxedEnvironment):
    """A SandboxedEnvironment whose range, * and + and output are bounded per rendering."""

    intercepted_binops = frozenset(["*", "+", "**"])

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.range_left = MAX_RANGE_ITEMS
        self.output_left = MAX_OUTPUT
        self.globals["range"] = self._range
        self.finalize = self._count_output

    def _range(self, *args):
        items = range(*args)
        self.range_left -= len(items)
        if self.range_left < 0:
            raise _too_much(f"range() 共超过 {MAX_RANGE_ITEMS} 项", f"range() over {MAX_RANGE_ITEMS} items in all")
        return items

    def _count_output(self, value):
        self.output_left -= len(str(value)) if value is not None else 0
        if self.output_left < 0:
            raise _too_much(f"输出超过 {MAX_OUTPUT} 个字符", f"output over {MAX_OUTPUT} characters")
        return value

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise _too_much("乘方的指数过大", "an exponent too large")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_BUILT:
                    raise _too_much(f"构造的文本或列表超过 {MAX_BUILT} 项", f"a text or list over {MAX_BUILT} items")
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, type(left)):
            if len(left) + len(right) > MAX_BUILT:
                raise _too_much(f"构造的文本或列表超过 {MAX_BUILT} 项", f"a text or list over {MAX_BUILT} items")
        return super().call_binop(context, operator, left, right)


@contextmanager
def time_limit(seconds: float = MAX_SECONDS):
    """TemplateError when the block runs longer than `seconds` (main thread only: elsewhere the
    other bounds must do)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(*_):
        raise _too_much(f"渲染超过 {seconds:.0f} 秒", f"rendering over {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
