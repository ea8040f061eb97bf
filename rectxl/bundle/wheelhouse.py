"""The wheelhouse: rectxl's own wheel and every dependency's binary wheel for each target platform
and Python version, fetched by pip on a machine with internet.

pip (`pip download --platform …`) picks wheels for the target but reads the environment markers of
dependencies for the machine it runs on: from Linux it leaves out what only Windows needs (xlwings
→ pywin32, typer → colorama). So after pip, the requirements are walked again with the target's
markers (`unmet`) and whatever is missing is fetched, until nothing is.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from rectxl.bundle.targets import Target
from rectxl.errors import BundleError

ROOT = Path(__file__).resolve().parent.parent.parent  # a checkout: the folder holding pyproject.toml
_ROUNDS = 5  # fetches after pip's first resolution, at most (two are needed today)
_NO_WHEEL = re.compile(r"No matching distribution found for (\S+)")
_OFFLINE = re.compile(r"NewConnectionError|Max retries exceeded|Temporary failure in name resolution|"
                      r"ProxyError|Network is unreachable|Name or service not known")


def own_wheel(dest: Path, given: Path | None = None) -> Path:
    """rectxl's wheel in dest: the given one, else built from this checkout by `pip wheel`."""
    if given is not None:
        if not (given.is_file() and given.name.startswith("rectxl-") and given.suffix == ".whl"):
            raise BundleError(f"--wheel 应为 rectxl 的 wheel 文件（rectxl-*.whl）：{given}",
                              f"--wheel should be a rectxl wheel (rectxl-*.whl): {given}", file=given)
        return Path(shutil.copy2(given, dest / given.name))
    if not (ROOT / "pyproject.toml").is_file():
        raise BundleError("找不到 rectxl 的源码目录，无法生成 rectxl 的 wheel；请在源码目录中安装 rectxl "
                          "（pip install -e .）后运行，或用 --wheel 指定 rectxl 的 wheel 文件。",
                          "No rectxl checkout to build the wheel from: run from an editable install or "
                          "pass --wheel.")
    _pip("wheel", "--no-deps", "-w", str(dest), str(ROOT), what="rectxl 的 wheel")
    return max(dest.glob("rectxl-*.whl"), key=lambda p: p.stat().st_mtime)


def fill(dest: Path, rectxl_wheel: Path, target: Target, python: str) -> None:
    """Every wheel rectxl needs on `target` under CPython `python`, fetched into dest."""
    wanted = [str(rectxl_wheel)]
    for _ in range(_ROUNDS + 1):
        _pip("download", "--only-binary=:all:", "--implementation", "cp", "--python-version", python,
             *(f"--platform={tag}" for tag in target.pip_platforms), "-d", str(dest), *wanted,
             what=f"{target.label} / Python {python}")
        wanted = unmet(dest, target, python)
        if not wanted:
            return
    raise BundleError(f"{target.label} / Python {python}：依赖仍不完整：{'、'.join(wanted)}",
                      f"{target.label} / Python {python}: still missing {', '.join(wanted)}")


def unmet(folder: Path, target: Target, python: str) -> list[str]:
    """The requirements of rectxl (and of its requirements, with the target's markers) that no
    wheel in folder meets on target / CPython python, as requirement strings."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename
    from packaging.version import Version

    supported = supported_tags(target, python)
    wheels: dict[str, list[tuple[Version, Path]]] = {}
    for path in folder.glob("*.whl"):
        name, version, _, tags = parse_wheel_filename(path.name)
        if tags & supported:
            wheels.setdefault(name, []).append((version, path))
    env = target.markers(python)
    todo, seen, missing = [Requirement("rectxl")], set(), []
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        fits = [(v, p) for v, p in wheels.get(name, []) if req.specifier.contains(v, prereleases=True)]
        if not fits:
            extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
            missing.append(f"{req.name}{extras}{req.specifier}")
            continue
        if (name, frozenset(req.extras)) in seen:
            continue
        seen.add((name, frozenset(req.extras)))
        for dep in _requires(max(fits)[1]):
            if dep.marker is None or any(dep.marker.evaluate({**env, "extra": e}) for e in (req.extras or {""})):
                todo.append(dep)
    return sorted(set(missing))


def supported_tags(target: Target, python: str) -> set:
    from packaging import tags

    version = tuple(int(part) for part in python.split("."))
    interpreter = f"cp{version[0]}{version[1]}"
    return {*tags.cpython_tags(version, platforms=target.pip_platforms),
            *tags.compatible_tags(version, interpreter, target.pip_platforms)}


def _requires(wheel: Path) -> list:
    from packaging.requirements import Requirement

    with zipfile.ZipFile(wheel) as z:
        metadata = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        text = z.read(metadata).decode("utf-8")
    head = text.split("\n\n", 1)[0]
    return [Requirement(line.split(":", 1)[1].strip()) for line in head.splitlines()
            if line.startswith("Requires-Dist:")]


def _pip(*args: str, what: str) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args, "--progress-bar", "off"]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if result.returncode == 0:
        return
    output = result.stdout + result.stderr
    if m := _NO_WHEEL.search(output):
        raise BundleError(f"{m[1]} 没有适用于 {what} 的 wheel（二进制安装包），无法为该平台生成离线安装包。",
                          f"{m[1]} has no wheel for {what}.")
    if _OFFLINE.search(output):
        raise BundleError(f"无法连接软件包索引（PyPI 或 pip 配置的镜像），下载 {what} 的安装包失败；"
                          f"请在能上网的电脑上运行。",
                          f"Cannot reach the package index while fetching {what}.")
    last = [line for line in output.splitlines() if line.strip() and not line.startswith("WARNING")][-5:]
    raise BundleError(f"pip 未能下载 {what} 的安装包：\n" + "\n".join(last),
                      f"pip failed for {what}:\n" + "\n".join(last))


def pip_wheel(dest: Path) -> Path:
    """pip's own wheel in dest: the installers run pip from it (`python pip-….whl/pip install …`),
    so a Python without ensurepip (Debian's without python3-venv) still installs."""
    _pip("download", "--only-binary=:all:", "--no-deps", "-d", str(dest), "pip", what="pip")
    return max(dest.glob("pip-*.whl"), key=lambda p: p.stat().st_mtime)
