"""`rectxl serve`, driven as an office user would: the command started in its own process, the page
opened in a real browser (Debian's chromium through chromedriver and selenium), a ledger chosen,
the numbers read off the page and compared with `rectxl status`/`validate`, the drafts downloaded
and opened. The hostile corpus goes through the page too (over HTTP), and the guard is tried
with a missing token and a foreign Host header.

One server and one browser for the whole module. RECTXL_UPDATE_DOCS=1 saves the page's
screenshot as docs/web-page.png.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from docx import Document

from conftest import run_rectxl, valid_sheets, write_workbook

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HAN = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
                                reason="chromium and chromium-driver are installed by scripts/install-system-deps.sh")


class Server:
    def __init__(self, process: subprocess.Popen, url: str):
        self.process, self.url = process, url
        parts = urlsplit(url)
        self.port, self.token = parts.port, parts.query.split("token=")[1]

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                token: bool = True) -> tuple[int, bytes, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        sep = "&" if "?" in path else "?"
        conn.request(method, path + (f"{sep}token={self.token}" if token else ""), body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, data, dict(response.getheaders())

    def upload(self, path: Path, name: str | None = None) -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        filename = (name or path.name).encode()
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"".encode() + filename
                + b"\"\r\nContent-Type: application/octet-stream\r\n\r\n" + path.read_bytes()
                + f"\r\n--{boundary}--\r\n".encode())
        status, data, _ = self.request("POST", "/api/ledger", body,
                                       {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return status, json.loads(data)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`rectxl serve --port 0 --no-browser`, its address read from the first line it prints into a pipe."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen([sys.executable, "-m", "rectxl", "serve", "--port", "0", "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               cwd=tmp_path_factory.mktemp("cwd"))
    url = ""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not url.startswith("http"):
        url = process.stdout.readline().strip()  # flushed at once, though stdout is a pipe
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}", url), url
    yield Server(process, url)
    process.terminate()
    _, err = process.communicate(timeout=30)
    assert "Traceback" not in err, err


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1800", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


def wait(driver, condition, timeout: float = 60):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def visible(driver, selector: str):
    from selenium.webdriver.common.by import By

    def check(d):
        element = d.find_element(By.CSS_SELECTOR, selector)
        return element if element.is_displayed() else False

    return wait(driver, check)


def choose(driver, selector: str, *paths: Path) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, selector).send_keys("\n".join(str(p) for p in paths))


def downloaded(folder: Path, pattern: str, timeout: float = 120) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in folder.glob(pattern) if not p.name.endswith(".crdownload")]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"nothing like {pattern} in {sorted(p.name for p in folder.iterdir())}")


def fresh_page(browser, server) -> None:
    browser.get(server.url)
    visible(browser, "#drop")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "示例台账.xlsx"
    assert run_rectxl("init", path, "--demo").returncode == 0
    return path


# ---- the guard ---------------------------------------------------------------------------------


def test_a_request_without_the_token_is_refused_in_chinese(server):
    status, body, _ = server.request("GET", "/", token=False)
    assert status == 403 and "访问令牌" in body.decode()
    status, body, _ = server.request("GET", "/?token=wrong", token=False)
    assert status == 403
    status, _, _ = server.request("POST", "/api/ledger", b"", token=False)
    assert status == 403


def test_a_foreign_host_header_is_refused_even_with_the_token(server):
    status, body, _ = server.request("GET", "/", headers={"Host": f"attacker.example:{server.port}"})
    assert status == 403 and "主机名" in body.decode()
    status, _, headers = server.request("GET", "/", headers={"Host": f"localhost:{server.port}"})
    assert status == 200 and "rectxl_token=" in headers.get("set-cookie", "")


# ---- one ledger in the browser -------------------------------------------------------------------


def test_the_demo_ledger_shows_the_findings_count_and_rate_of_rectxl_status(server, browser, demo):
    fresh_page(browser, server)
    choose(browser, "#ledger-input", demo)
    rate = visible(browser, "#completion-rate")
    status = json.loads(run_rectxl("status", demo, "--format", "json").stdout)
    validated = json.loads(run_rectxl("validate", demo, "--format", "json").stdout)
    assert float(rate.get_attribute("data-rate")) == status["overall"]["completion_rate"]
    assert rate.text == "43.9%"
    count = browser.find_element("css selector", "#findings-count")
    assert int(count.get_attribute("data-count")) == len(validated["findings"]) > 0
    first = validated["findings"][0]
    assert f"{first['sheet']}!{first['cell']}" in browser.find_element("css selector", "#findings").text
    assert browser.find_element("css selector", "#overdue-count").text == str(status["overall"]["overdue"])
    # the charts are drawn (a canvas each) and the tables sort
    assert len(browser.find_elements("css selector", "#chart-rate canvas, #chart-status canvas")) >= 2
    browser.find_element("css selector", "#by-tabs [data-by=units]").click()
    heads = browser.find_elements("css selector", "#figures-table th")
    heads[-1].click()
    rates = [float(td.text.rstrip("%")) for td in browser.find_elements("css selector", "#figures-table td:last-child")]
    assert rates == sorted(rates) and len(rates) == len(status["units"])
    if os.environ.get("RECTXL_UPDATE_DOCS") == "1":
        browser.find_element("css selector", "#by-tabs [data-by=people]").click()
        browser.save_screenshot(str(ROOT / "docs" / "web-page.png"))


def test_the_findings_filter_by_severity(server, browser, demo):
    from selenium.webdriver.support.ui import Select

    visible(browser, "#completion-rate")
    Select(browser.find_element("css selector", "#finding-severity")).select_by_value("error")
    rows = browser.find_elements("css selector", "#findings tbody tr")
    assert rows and all(r.get_attribute("class") == "error" for r in rows)


def test_the_briefing_downloads_and_opens_in_word_format(server, browser, demo, downloads):
    visible(browser, "#completion-rate")
    browser.find_element("css selector", "#dl-briefing").click()
    path = downloaded(downloads, "月度整改进展情况报告_2023-03.docx")
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "43.9%" in text


def test_the_public_notice_downloads_without_responsible_names(server, browser, demo, downloads):
    from rectxl.core.demo import INSPECTION, PEOPLE, UNIT

    visible(browser, "#completion-rate")
    browser.find_element("css selector", "#dl-notice").click()
    path = downloaded(downloads, "整改进展情况通报_2023-03-31.docx")
    document = Document(path)
    text = "\n".join([p.text for p in document.paragraphs] +
                     [c.text for table in document.tables for row in table.rows for c in row.cells])
    assert f"{UNIT}关于{INSPECTION}整改进展情况的通报" in text
    assert not [name for name, *_ in PEOPLE if name in text]


def test_the_reminders_come_as_one_zip(server, browser, downloads):
    browser.find_element("css selector", "#dl-reminders").click()
    path = downloaded(downloads, "督办提醒_*.zip")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    assert names and all(n.endswith(".docx") for n in names)


def test_a_hostile_file_gives_a_chinese_error_and_the_server_keeps_serving(server, browser, demo, tmp_path):
    hostile = tmp_path / "台账.xlsx"
    hostile.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    fresh_page(browser, server)
    choose(browser, "#ledger-input", hostile)
    error = visible(browser, "#error")
    assert HAN.search(error.text) and "台账.xlsx" in error.text and "Traceback" not in error.text
    choose(browser, "#ledger-input", demo)
    assert visible(browser, "#completion-rate").text == "43.9%"
    assert not browser.find_element("css selector", "#error").is_displayed()


# ---- a flat ledger, imported -------------------------------------------------------------------------


def test_a_flat_ledger_shows_its_mapping_then_is_imported_and_downloadable(server, browser, downloads, tmp_path):
    from test_import import layout_sections_merged

    flat = layout_sections_merged(tmp_path / "旧台账.xlsx")
    fresh_page(browser, server)
    choose(browser, "#ledger-input", flat)
    visible(browser, "#import-panel")
    mapping = browser.find_element("css selector", "#mapping").text
    assert "整改措施" in mapping and "责任人" in mapping
    browser.find_element("css selector", "#import-apply").click()
    visible(browser, "#completion-rate")
    browser.find_element("css selector", "#dl-imported").click()
    path = downloaded(downloads, "旧台账_导入.xlsx")
    from rectxl.io.reading import read_ledger

    assert len(read_ledger(path).measures) > 0


# ---- several units -----------------------------------------------------------------------------------


def test_units_in_a_zip_are_consolidated_with_their_briefing(server, browser, downloads, tmp_path):
    packed = tmp_path / "各单位.zip"
    with zipfile.ZipFile(packed, "w") as zf:
        for unit in ("甲学院党委", "乙学院党委"):
            sheets = valid_sheets()
            sheets["设置"][1] = ["单位名称", unit]
            zf.write(write_workbook(tmp_path / f"{unit}.xlsx", sheets), f"台账/{unit}.xlsx")
    fresh_page(browser, server)
    browser.find_element("css selector", "[data-panel=many]").click()
    choose(browser, "#units-input", packed)
    title = visible(browser, "#summary-title")
    assert "2 个单位" in title.text
    assert "甲学院党委" in browser.find_element("css selector", "#units-table").text
    browser.find_element("css selector", "#dl-summary-briefing").click()
    path = downloaded(downloads, "整改进展汇总报告_*.docx")
    assert "甲学院党委" in "\n".join(p.text for p in Document(path).paragraphs) + "".join(
        c.text for t in Document(path).tables for r in t.rows for c in r.cells)


# ---- the hostile corpus, through the page --------------------------------------------------------------


def test_the_hostile_corpus_gets_the_command_lines_answers_through_the_page(server, tmp_path):
    """Each case of tests/test_hostile.py uploaded: the reason the command gives (in Chinese) or the
    findings it finds; the server alive after each, nothing of the input changed."""
    from test_hostile import CORPUS

    for i, case in enumerate(CORPUS):
        folder = tmp_path / f"case{i}"
        folder.mkdir()
        path = case.build(folder)
        before = path.read_bytes()
        status, answer = server.upload(path)
        expect = case.expect
        assert path.read_bytes() == before
        if expect.code == 2:
            assert status == 400 and expect.reason in answer["error"] and HAN.search(answer["error"]), (case.id, answer)
            assert "Traceback" not in answer["error"]
        else:
            assert status == 200, (case.id, answer)
            got = {(f["rule"], f["sheet"], f["cell"]) for f in answer["findings"]
                   if expect.among is None or f["rule"] in expect.among}
            assert got == expect.findings, case.id
        shutil.rmtree(folder)
    assert server.request("GET", "/")[0] == 200
    assert server.process.poll() is None


def test_a_month_the_command_line_refuses_is_refused_by_the_page_too(server, tmp_path):
    """`--month 0000-01` is a clean refusal in the command; the page reads the month the same way."""
    from rectxl.io.newledger import write_new_ledger

    status, answer = server.upload(write_new_ledger(tmp_path / "demo.xlsx", demo=True))
    assert status == 200, answer
    status, body, _ = server.request("GET", f"/api/ledger/{answer['id']}/download/briefing?month=0000-01")
    assert status == 400 and json.loads(body)["error"] == "月份“0000-01”应写成 2023-03 这样的年-月。"
    assert server.process.poll() is None


def test_a_month_after_the_as_of_date_is_refused_alike_by_the_page_the_command_and_consolidation(
        server, tmp_path):
    """A briefing for a month that had not begun by the as-of date counts nothing of it: the page,
    `rectxl briefing` and `rectxl briefing --from` refuse it in the same words."""
    from rectxl.io.newledger import write_new_ledger

    path = write_new_ledger(tmp_path / "demo.xlsx", demo=True)
    status, answer = server.upload(path)
    assert status == 200, answer
    status, body, _ = server.request("GET", f"/api/ledger/{answer['id']}/download/briefing?month=2023-04")
    page = json.loads(body)["error"]
    assert status == 400 and "2023-03-31 早于报告月份 2023年4月" in page
    command = run_rectxl("briefing", path, "--month", "2023-04")
    assert command.returncode == 2 and command.stderr.strip() == page
    consolidated = run_rectxl("briefing", "--from", tmp_path, "--month", "2023-04")
    assert consolidated.returncode == 2 and consolidated.stderr.strip().splitlines()[-1] == page
    assert not list(tmp_path.glob("*.docx"))


def test_a_file_of_another_kind_is_refused_by_its_name(server, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    status, answer = server.upload(path)
    assert status == 400 and "notes.txt" in answer["error"] and ".xlsx" in answer["error"]


# ---- the command stays light ----------------------------------------------------------------------------


def test_rectxl_help_imports_no_part_of_the_web_stack():
    err = subprocess.run([sys.executable, "-X", "importtime", "-m", "rectxl", "--help"], capture_output=True,
                         text=True, cwd=ROOT).stderr
    loaded = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in err.splitlines() if "|" in line}
    assert not loaded & {"starlette", "uvicorn", "multipart", "python_multipart", "jinja2", "anyio"}
