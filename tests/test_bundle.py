"""The offline bundle, as the person carrying it to an intranet PC meets it: made once here (one
Linux platform — this machine's — and Windows x64, for this Python), then installed with no
package index and no network, damaged on its way, and read for what install.bat would do on
Windows (which can't run here)."""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from rectxl.bundle.targets import TARGETS
from rectxl.bundle.wheelhouse import unmet

PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
HERE = f"linux_{platform.machine()}"
SH = shutil.which("dash") or "sh"
NO_NETWORK = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
              "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "no_proxy": ""}


@pytest.fixture(scope="session")
def bundle(tmp_path_factory):
    """`rectxl bundle` for this Linux and Windows x64, made once for the session."""
    if HERE not in TARGETS:
        pytest.skip(f"no bundle target for {HERE}")
    out = tmp_path_factory.mktemp("made") / "rectxl-offline"
    result = run_rectxl("bundle", "-o", out, "--platform", HERE, "--platform", "win_amd64", "--python", PYTHON,
                        timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"已生成离线安装包：{out}" in result.stdout
    return out


def run_rectxl(*args, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rectxl", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def _user(tmp_path: Path) -> dict[str, str]:
    """A fresh user's environment: own home, no pip configuration, no index, no network."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and "proxy" not in k.lower()}
    env.update(NO_NETWORK, HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "home" / "data"),
               PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull,
               PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]))
    (tmp_path / "home").mkdir(exist_ok=True)
    return env


def _install(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([SH, str(folder / "install.sh")], capture_output=True, text=True, env=env, timeout=600,
                          cwd=folder.parent)


def _files(folder: Path) -> dict[str, float]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime for p in folder.rglob("*")}


def test_the_bundle_installs_offline_and_runs_the_demo(bundle, tmp_path):
    env = _user(tmp_path)
    before = _files(bundle)
    result = _install(bundle, env)
    assert _files(bundle) == before  # the bundle is only read (it may be on a read-only stick)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "安装完成" in result.stdout
    venv = tmp_path / "home" / "data" / "rectxl" / "venv"
    rectxl = venv / "bin" / "rectxl"
    assert (tmp_path / "home" / ".local" / "bin" / "rectxl").resolve() == rectxl.resolve()
    if "serve" not in subprocess.run([str(rectxl), "--help"], capture_output=True, text=True, env=env).stdout:
        assert not (tmp_path / "home" / "Desktop").exists()  # a shortcut only where `rectxl serve` exists
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import rectxl, pandas; print(rectxl.__file__)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    demo = subprocess.run([str(rectxl), "demo", "--out", str(tmp_path / "demo")], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=300)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert (tmp_path / "demo" / "示例整改台账_结果.xlsx").is_file()


def test_a_damaged_file_stops_the_installer_before_anything_is_made(bundle, tmp_path):
    copy = tmp_path / "usb" / "rectxl-offline"
    shutil.copytree(bundle, copy, copy_function=os.link)  # linked: cheap, and the original is never written
    damaged = next((copy / "wheelhouse").glob("pandas-*manylinux*.whl"))
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.unlink()
    damaged.write_bytes(bytes(data))
    env = _user(tmp_path)
    result = _install(copy, env)
    assert result.returncode == 1
    assert "安装包已损坏" in result.stderr and damaged.name in result.stderr
    assert sorted(p.name for p in (tmp_path / "home").iterdir()) == []  # no venv, no link, nothing


def test_a_bundle_without_its_checksums_is_refused(bundle, tmp_path):
    copy = tmp_path / "rectxl-offline"
    shutil.copytree(bundle, copy, copy_function=os.link, ignore=shutil.ignore_patterns("SHA256SUMS"))
    result = _install(copy, _user(tmp_path))
    assert result.returncode == 1 and "缺少 SHA256SUMS" in result.stderr
    assert list((tmp_path / "home").iterdir()) == []


def test_without_a_suitable_python_the_installer_says_which_to_install(bundle, tmp_path):
    tools = tmp_path / "bin"  # a PC with the usual tools and no Python
    tools.mkdir()
    for tool in ("dirname", "sha256sum", "grep", "sed", "uname", "cut"):
        (tools / tool).symlink_to(shutil.which(tool))
    env = _user(tmp_path) | {"PATH": str(tools)}
    result = _install(bundle, env)
    assert result.returncode == 1
    assert f"没有找到 Python {PYTHON}。请从单位的软件商店（应用商店）安装 Python {PYTHON}" in result.stderr
    assert list((tmp_path / "home").iterdir()) == []


def test_checksums_cover_every_other_file_in_sha256sum_format(bundle):
    lines = (bundle / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert all(re.fullmatch(r"[0-9a-f]{64}  [^ /].*", line) for line in lines)
    listed = sorted(line[66:] for line in lines)
    present = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())
    assert listed == [p for p in present if p != "SHA256SUMS"]
    assert {"install.sh", "install.bat", "安装说明.txt", "Rectification.xlsm"} <= set(listed)
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=bundle, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_windows_wheelhouse_resolves_for_windows(bundle, tmp_path):
    """pip's own resolution for Windows from the wheelhouse alone; and, because pip reads the
    markers of this Linux machine, the walk with Windows' markers (xlwings needs pywin32 there,
    typer colorama)."""
    wheelhouse = bundle / "wheelhouse"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")} | NO_NETWORK | {"PIP_CONFIG_FILE": os.devnull}
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--target", str(tmp_path / "nothing"), "--no-index", "--find-links",
         str(wheelhouse), "--only-binary=:all:", "--platform", "win_amd64", "--python-version", PYTHON,
         "--implementation", "cp", "--quiet", "--report", "-", "rectxl"], capture_output=True, text=True, env=env,
        timeout=300)
    assert result.returncode == 0, result.stderr
    chosen = {item["metadata"]["name"].lower(): item["download_info"]["url"] for item in json.loads(result.stdout)["install"]}
    assert chosen["pandas"].endswith("win_amd64.whl") and chosen["python-calamine"].endswith("win_amd64.whl")
    assert unmet(wheelhouse, TARGETS["win_amd64"], PYTHON) == []
    assert list(wheelhouse.glob("pywin32-*-win_amd64.whl")) and list(wheelhouse.glob("colorama-*.whl"))


def test_the_markers_walk_finds_what_pip_leaves_out(bundle, tmp_path):
    partial = tmp_path / "wheelhouse"
    shutil.copytree(bundle / "wheelhouse", partial, copy_function=os.link,
                    ignore=shutil.ignore_patterns("pywin32-*", "colorama-*"))
    assert unmet(partial, TARGETS["win_amd64"], PYTHON) == ["colorama", "pywin32>=224"]
    assert unmet(partial, TARGETS[HERE], PYTHON) == []


def test_the_zip_holds_the_folder(bundle):
    with zipfile.ZipFile(bundle.with_name(bundle.name + ".zip")) as z:
        assert z.testzip() is None
        names = sorted(n.removeprefix("rectxl-offline/") for n in z.namelist())
        assert names == sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())
        assert (z.getinfo("rectxl-offline/install.sh").external_attr >> 16) & 0o111


def test_install_bat_holds_the_steps_in_order(bundle):
    """install.bat can't run here: read, as cmd on Chinese Windows reads it (GBK, CRLF)."""
    raw = (bundle / "install.bat").read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("gbk")
    assert "@" not in re.sub(r"@echo off|\w@\w", "", text.replace("rectxl.bundle", "")), "a placeholder left"
    steps = ["call :find_python", "SHA256SUMS", "hashlib.sha256", "if errorlevel 1 goto :damaged", "-m venv --clear --without-pip",
             "install --no-index --find-links", "rectxl==%VERSION%", "-m rectxl.bundle.interpreter",
             "serve --help", "doctor"]
    code = "\n".join(line for line in text.splitlines() if not line.lower().startswith("rem "))
    at = 0
    for step in steps:  # each after the one before
        at = code.find(step, at)
        assert at != -1, step
    assert r'set "VENV=%LOCALAPPDATA%\rectxl\venv"' in text
    assert "call :try_python py -%V%-64" in text.split(":find_python", 2)[2]  # the py launcher asked first
    assert f'set "PYTHONS={PYTHON}"' in text and f'set "VERSION={_version(bundle)}"' in text
    doctor_line = text.splitlines()[[i for i, line in enumerate(text.splitlines()) if line.endswith('"%RECTXL%" doctor')][0] + 1]
    assert "goto :fail" not in doctor_line  # doctor's findings are printed, never fatal
    assert "安装包已损坏" in text and "软件商店" in text


def _python_of(line: str) -> str:
    """The code of a `… -c "…"` line of install.bat, its cmd variables filled in for this Python."""
    code = re.search(r' -c "([^"]*)"', line)[1]
    return code.replace("%V:.=, %", PYTHON.replace(".", ", "))


def test_install_bat_checks_sums_and_python_as_its_lines_say(bundle, tmp_path):
    """The Python lines of install.bat, run here with this Python: the checksum check passes on
    the bundle and names a damaged file; the version check accepts this Python."""
    lines = (bundle / "install.bat").read_bytes().decode("gbk").splitlines()
    verify = _python_of(next(line for line in lines if "hashlib.sha256" in line))
    assert subprocess.run([sys.executable, "-c", verify], cwd=bundle).returncode == 0
    copy = tmp_path / "rectxl-offline"
    shutil.copytree(bundle, copy, copy_function=os.link)
    (copy / "Rectification.xlsm").unlink()
    (copy / "Rectification.xlsm").write_bytes(b"not the workbook")
    damaged = subprocess.run([sys.executable, "-c", verify], cwd=copy, capture_output=True, text=True)
    assert damaged.returncode == 1 and damaged.stdout.strip() == "Rectification.xlsm"
    probe = _python_of(next(line for line in lines if "struct.calcsize" in line))
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert found.stdout.strip() == sys.executable


def test_install_sh_is_posix_sh(bundle):
    script = bundle / "install.sh"
    assert subprocess.run([SH, "-n", str(script)]).returncode == 0
    assert "@" not in script.read_text(encoding="utf-8").replace("$@", "")
    if shutil.which("shellcheck"):
        check = subprocess.run(["shellcheck", "-s", "sh", str(script)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


def test_the_note_is_chinese_and_opens_in_notepad(bundle):
    raw = (bundle / "安装说明.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "双击本文件夹中的 install.bat" in text and "sh install.sh" in text and f"Python {PYTHON}" in text


def test_the_workbook_copy_points_at_the_new_python_and_keeps_its_macros(bundle, tmp_path):
    python = r"C:\Users\张三\AppData\Local\rectxl\venv\Scripts\python.exe"
    template = bundle / "Rectification.xlsm"
    before = template.read_bytes()
    made = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-m", "rectxl.bundle.interpreter", str(template), str(tmp_path),
                                 python], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        made.append(Path(result.stdout.strip()))
    assert [p.name for p in made] == ["整改台账.xlsm", "整改台账 (2).xlsm"]  # the first is never overwritten
    assert template.read_bytes() == before
    conf = openpyxl.load_workbook(made[0])["xlwings.conf"]
    assert {row[0]: row[1] for row in conf.iter_rows(values_only=True)}["Interpreter_Win"] == python
    with zipfile.ZipFile(template) as a, zipfile.ZipFile(made[0]) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
        assert a.read("customUI/customUI14.xml") == b.read("customUI/customUI14.xml")
        assert b"ui/extensibility" in b.read("_rels/.rels")


def test_a_platform_with_no_wheels_is_named(bundle, tmp_path):
    wheel = next((bundle / "wheelhouse").glob("rectxl-*.whl"))
    out = tmp_path / "loong"
    result = run_rectxl("bundle", "-o", out, "--platform", "manylinux_2_38_loongarch64", "--python", PYTHON,
                        "--wheel", wheel, timeout=300)
    assert result.returncode == 2
    assert re.search(r"无法生成离线安装包：\S+ 没有适用于 manylinux_2_38_loongarch64 / Python", result.stderr), result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing half made


def test_bad_options_and_a_taken_folder_are_refused_before_any_download(tmp_path):
    result = run_rectxl("bundle", "-o", tmp_path / "b", "--platform", "dos")
    assert result.returncode == 2 and "--platform 的值“dos”不认识" in result.stderr
    result = run_rectxl("bundle", "-o", tmp_path / "b", "--python", "2.7")
    assert result.returncode == 2 and "3.11 或更高" in result.stderr
    taken = tmp_path / "mine"
    taken.mkdir()
    (taken / "notes.txt").write_text("keep", encoding="utf-8")
    result = run_rectxl("bundle", "-o", taken)
    assert result.returncode == 2 and "已存在且不是空文件夹" in result.stderr
    assert [p.name for p in taken.iterdir()] == ["notes.txt"] and not taken.with_name("mine.zip").exists()


def _version(bundle: Path) -> str:
    return next((bundle / "wheelhouse").glob("rectxl-*.whl")).name.split("-")[1]
