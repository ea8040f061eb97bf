"""The platforms a bundle can carry, declared once: their name on the command line, the pip
platform tags whose wheels run there, and the environment markers (PEP 508) of a Python there.

Linux targets take manylinux wheels up to glibc 2.28: UOS 20 and Kylin V10 (glibc 2.28 and up),
Debian 10 and later.
"""

from __future__ import annotations

from dataclasses import dataclass

from rectxl.errors import BadOption

GLIBC_MAX = 28  # manylinux_2_17 … manylinux_2_28


@dataclass(frozen=True)
class Target:
    name: str  # as given to --platform
    system: str  # "windows" or "linux": which installer serves it
    machine: str  # platform_machine on that platform (`uname -m` on Linux)
    pip_platforms: tuple[str, ...]  # --platform values for pip, best first
    label: str  # for people

    def markers(self, python: str) -> dict[str, str]:
        """The PEP 508 marker environment of CPython `python` ("3.11") on this platform."""
        windows = self.system == "windows"
        return {
            "implementation_name": "cpython", "implementation_version": f"{python}.0",
            "os_name": "nt" if windows else "posix", "platform_machine": self.machine,
            "platform_python_implementation": "CPython", "platform_release": "", "platform_version": "",
            "platform_system": "Windows" if windows else "Linux", "python_full_version": f"{python}.0",
            "python_version": python, "sys_platform": "win32" if windows else "linux",
        }


def _manylinux(machine: str) -> tuple[str, ...]:
    tags = [f"manylinux_2_{minor}_{machine}" for minor in range(GLIBC_MAX, 16, -1)]
    tags.append(f"manylinux2014_{machine}")
    if machine == "x86_64":
        tags += ["manylinux2010_x86_64", "manylinux1_x86_64"]
    return tuple(tags)


TARGETS = {t.name: t for t in (
    Target("win_amd64", "windows", "AMD64", ("win_amd64",), "Windows x64"),
    Target("linux_x86_64", "linux", "x86_64", _manylinux("x86_64"), "Linux x86_64（UOS、麒麟、Debian）"),
    Target("linux_aarch64", "linux", "aarch64", _manylinux("aarch64"), "Linux aarch64（UOS、麒麟 ARM 版）"),
)}
DEFAULT_TARGETS = ("win_amd64", "linux_x86_64", "linux_aarch64")
DEFAULT_PYTHON = "3.11"
# Any other pip platform tag is taken as given (its system guessed from the tag), so that a bundle
# for, say, LoongArch can be tried: it fails naming the first package without such a wheel.
_SYSTEM_OF_PREFIX = {"win": "windows", "manylinux": "linux", "musllinux": "linux", "linux": "linux"}


def target(name: str) -> Target:
    """The target named on the command line: a name above, or a pip platform tag."""
    if name in TARGETS:
        return TARGETS[name]
    for prefix, system in _SYSTEM_OF_PREFIX.items():
        if name.startswith(prefix + "_"):
            machine = name.split("_")[-1] if system == "linux" else name.split("_", 1)[1].upper()
            return Target(name, system, machine, (name,), name)
    raise BadOption(f"--platform 的值“{name}”不认识；可用：{'、'.join(TARGETS)}，或 pip 的平台标签"
                    f"（如 manylinux_2_28_x86_64）。",
                    f"Unknown --platform “{name}”; use {', '.join(TARGETS)} or a pip platform tag.")


def python_version(text: str) -> str:
    """"3.11" from --python (3.11, 311, py3.11); a BadOption for anything else."""
    import re

    m = re.fullmatch(r"(?:py|python|cp)?\s*3\.?(\d{1,2})", text.strip(), re.IGNORECASE)
    if not m or int(m[1]) < 11:
        raise BadOption(f"--python 的值“{text}”应为 3.11 或更高的版本号，如 3.11、3.12。",
                        f"--python “{text}” should be a version 3.11 or later, such as 3.11.")
    return f"3.{int(m[1])}"
