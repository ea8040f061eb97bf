"""Render a docxtpl template safely: jinja2 sandbox, every value escaped, no XML-invalid characters.

Templates are user-editable, so a broken one must say where it is broken: jinja's errors become a
TemplateError naming the file and the line (in the template's XML, one line per paragraph; the
message quotes the text nearby).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from rectxl.documents.sandbox import BoundedSandbox, check_template_file, time_limit
from rectxl.errors import TemplateError

IMAGE_WIDTH = Mm(150)  # the text is 156 mm wide

# Characters XML 1.0 forbids (Excel cells can hold them; Word refuses the file).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")



def clean_text(text: str) -> str:
    """Drop the characters that XML cannot hold (control characters other than tab and newlines)."""
    return _XML_INVALID.sub("", text)


def render(template_path: Path | str, ctx: dict[str, Any], out_path: Path | str) -> Path:
    """Render `template_path` with `ctx` into `out_path`.

    Strings anywhere in `ctx` are cleaned and escaped (so `<b>&{{7*7}}` stays literal text);
    a `pathlib.Path` value is a picture, inserted 150 mm wide. Unknown names are errors.
    """
    template_path, out_path = Path(template_path), Path(out_path)
    check_template_file(template_path)
    env = BoundedSandbox(autoescape=True, undefined=jinja2.StrictUndefined)
    try:
        tpl = DocxTemplate(template_path)
        with time_limit():
            tpl.render(_prepare(ctx, tpl), jinja_env=env)
    except (PackageNotFoundError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"模板 {template_path.name} 不是有效的 Word 文档（.docx）"
                            f" (template {template_path.name} is not a .docx file)") from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(_describe(template_path.name, tpl, exc)) from exc
    from rectxl.io.atomic import atomic_save, check_not_open, free_name

    check_not_open(out_path)  # last month's draft still open in Word
    # A draft already there may have been edited in Word: the new one gets the next free name.
    return atomic_save(tpl.save, free_name(out_path))


def _prepare(value: Any, tpl: DocxTemplate) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Path):
        return InlineImage(tpl, str(value), width=IMAGE_WIDTH)
    if isinstance(value, dict):
        return {k: _prepare(v, tpl) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_prepare(v, tpl) for v in value]
    return value


def _describe(name: str, tpl: DocxTemplate, exc: jinja2.TemplateError) -> str:
    line = getattr(exc, "lineno", None) or _template_line(exc)
    where = f"第 {line} 行" if line else ""
    text = f"模板 {name} {where}有错误：{exc.message}"
    if nearby := _nearby(tpl, line):
        text += f"；附近文字：{nearby}"
    return text + f" (template {name}, line {line or '?'}: {exc.message})"


def _template_line(exc: BaseException) -> int | None:
    """The template line of a runtime error: jinja puts it in the traceback."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _nearby(tpl: DocxTemplate, line: int | None) -> str:
    """The text of the lines around `line` of the body as jinja saw it (docxtpl starts a line
    at each paragraph)."""
    if not line:
        return ""
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml())).splitlines()
    texts = (re.sub(r"<[^>]+>", "", s).strip() for s in source[max(line - 2, 0):line + 1])
    return " / ".join(t for t in texts if t)
