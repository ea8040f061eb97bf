"""The page's application (Starlette): the routes, and the one place where a RectxlError becomes a
Chinese message on the page (`answered`). The work is done in a worker thread by
rectxl.web.answers and rectxl.web.downloads, so that the page keeps answering meanwhile.

Routes (all behind rectxl.web.guard's Host and token check):
  GET  /                                   the page
  GET  /static/…                           its CSS and JavaScript (vendored: nothing from the internet)
  POST /api/ledger                         one ledger (or a flat sheet): findings and figures, or the import preview
  POST /api/ledger/{id}/import             apply the import previewed
  GET  /api/ledger/{id}/download/{kind}    briefing | weekly | notice | reminders | results | imported (?pdf=1&month=)
  POST /api/units                          several units' ledgers or zips: consolidation started
  GET  /api/units/{id}                     its progress, then its summary
  GET  /api/units/{id}/download/{kind}     summary-briefing | summary-workbook (?pdf=1)
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from rectxl.version import __version__
from rectxl.errors import RectxlError, UploadRefused
from rectxl.web import answers, downloads
from rectxl.web.guard import Guard
from rectxl.web.uploads import LEDGER_SUFFIXES, MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, Store

HERE = Path(__file__).resolve().parent


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang", request.app.state.lang) == "en" else "zh"


def answered(endpoint):
    """The endpoint with every refusal turned into {"error": message} (HTTP 400) in the page's
    language, the stored file names shown as the user's; a bug into one line (HTTP 500), never a
    traceback. The server's time is in the Server-Timing header (benchmarks/web_bench.py reads it)."""

    @functools.wraps(endpoint)
    async def run(request: Request):
        start = time.perf_counter()
        response = await _answer(endpoint, request)
        response.headers["server-timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
        return response

    return run


async def _answer(endpoint, request: Request):
    try:
        return await endpoint(request)
    except RectxlError as error:
        text = error.headline(_lang(request))
        upload = getattr(request.state, "upload", None)
        return JSONResponse({"error": upload.shown(text) if upload else text}, status_code=400)
    except Exception as exc:  # noqa: BLE001 — the page goes on serving
        print(f"rectxl serve: 内部错误（{type(exc).__name__}: {exc}）", file=sys.stderr, flush=True)
        zh = f"rectxl 内部错误（{type(exc).__name__}）。请把该文件和此信息反馈给维护者。"
        en = f"rectxl internal error ({type(exc).__name__}). Please report it with the file."
        return JSONResponse({"error": en if _lang(request) == "en" else zh}, status_code=500)


async def _form(request: Request, limit: int, files: int):
    """The request's multipart form, its size known and within `limit` before it is read."""
    try:
        size = int(request.headers.get("content-length", ""))
    except ValueError:
        raise UploadRefused("上传请求缺少长度信息，请用本页的“选择文件”上传。",
                            "The upload has no length: use the page's file chooser.") from None
    if size > limit:
        raise UploadRefused(f"上传的文件太大（超过 {limit >> 20} MB），未处理。",
                            f"The upload is too large (over {limit >> 20} MB).")
    return await request.form(max_files=files, max_fields=20)


def _store(request: Request) -> Store:
    return request.app.state.store


async def page(request: Request) -> HTMLResponse:
    html = request.app.state.templates.get_template("index.html").render(
        lang=request.app.state.lang, version=__version__, suffixes=",".join(LEDGER_SUFFIXES),
        max_mb=MAX_FILE_BYTES >> 20, max_files=MAX_FILES)
    return HTMLResponse(html, headers={"cache-control": "no-store"})


@answered
async def upload_ledger(request: Request) -> JSONResponse:
    store = _store(request)
    form = await _form(request, MAX_FILE_BYTES + (1 << 20), 1)
    given = form.get("file")
    if given is None or isinstance(given, str) or not given.filename:
        raise UploadRefused("请先选择一个台账文件。", "Choose a ledger file first.")
    upload = request.state.upload = store.new()
    try:
        await run_in_threadpool(store.add_ledger, upload, given.filename, given.file)
        return JSONResponse(await run_in_threadpool(answers.analyze, store, upload, _lang(request)))
    except RectxlError:
        if not upload.state:
            store.drop(upload)  # nothing in it the page can use
        raise


@answered
async def import_ledger(request: Request) -> JSONResponse:
    store = _store(request)
    upload = request.state.upload = store.get(request.path_params["id"])
    return JSONResponse(await run_in_threadpool(answers.apply_import, store, upload, _lang(request)))


@answered
async def download(request: Request) -> FileResponse:
    upload = request.state.upload = _store(request).get(request.path_params["id"])
    query = request.query_params
    path, name = await run_in_threadpool(downloads.make, upload, request.path_params["kind"], query.get("pdf") == "1",
                                         query.get("month"))
    return FileResponse(path, filename=name, background=BackgroundTask(downloads.clear, path, upload))


@answered
async def upload_units(request: Request) -> JSONResponse:
    store = _store(request)
    form = await _form(request, MAX_TOTAL_BYTES, MAX_FILES)
    given = [f for f in form.getlist("files") if not isinstance(f, str) and f.filename]
    if not given:
        raise UploadRefused("请选择各单位的台账文件（或它们的 .zip 压缩包）。", "Choose the units' ledgers (or a zip of them).")
    month = downloads.parse_month(form.get("month") or None)
    upload = request.state.upload = store.new()
    try:
        await run_in_threadpool(store.add_units, upload, [(f.filename, f.file) for f in given])
    except RectxlError:
        store.drop(upload)
        raise
    job = upload.state["job"] = {"done": 0, "total": len(upload.files), "answer": None, "error": None}
    lang = _lang(request)

    def work() -> None:
        try:
            job["answer"] = answers.consolidate(upload, month, job)
        except RectxlError as error:
            job["error"] = upload.shown(error.headline(lang))
        except Exception as exc:  # noqa: BLE001
            print(f"rectxl serve: 内部错误（{type(exc).__name__}: {exc}）", file=sys.stderr, flush=True)
            job["error"] = f"rectxl 内部错误（{type(exc).__name__}）。"

    threading.Thread(target=work, name=f"rectxl-units-{upload.id}", daemon=True).start()
    return JSONResponse({"id": upload.id, "done": 0, "total": job["total"]})


@answered
async def units_progress(request: Request) -> JSONResponse:
    upload = request.state.upload = _store(request).get(request.path_params["id"])
    job = upload.state.get("job")
    if job is None:
        raise UploadRefused("该上传不是汇总任务。", "This upload is not a consolidation.")
    if job["error"]:
        return JSONResponse({"error": job["error"]}, status_code=400)
    return JSONResponse({"id": upload.id, "done": job["done"], "total": job["total"], "answer": job["answer"]})


def create_app(token: str, port: int, lang: str = "zh", store: Store | None = None):
    """The page's ASGI application behind its guard; `port` is the one the server listens on
    (the Host header must name it)."""
    import contextlib

    import jinja2

    store = store or Store()

    @contextlib.asynccontextmanager
    async def lifespan(app):
        stop = store.start_timer()
        try:
            yield
        finally:
            stop.set()
            store.close()

    app = Starlette(routes=[
        Route("/", page),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Route("/api/ledger", upload_ledger, methods=["POST"]),
        Route("/api/ledger/{id}/import", import_ledger, methods=["POST"]),
        Route("/api/ledger/{id}/download/{kind}", download),
        Route("/api/units", upload_units, methods=["POST"]),
        Route("/api/units/{id}", units_progress),
        Route("/api/units/{id}/download/{kind}", download),
    ], lifespan=lifespan)
    app.state.store = store
    app.state.lang = lang
    app.state.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    return Guard(app, token, port)
