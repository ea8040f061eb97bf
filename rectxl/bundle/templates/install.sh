#!/bin/sh
# rectxl @VERSION@: offline installer for Linux (UOS, Kylin, Debian). POSIX sh: run `sh install.sh`.
# 1. checks every file against SHA256SUMS before it creates anything;
# 2. finds a Python of a version the wheelhouse holds (@PYTHONS@);
# 3. makes a virtual environment in ${XDG_DATA_HOME:-~/.local/share}/rectxl/venv and installs
#    rectxl from ./wheelhouse with no package index (pip run from its own wheel: no ensurepip needed);
# 4. links ~/.local/bin/rectxl, adds a desktop shortcut for `rectxl serve` where that command exists,
#    and runs `rectxl doctor`, whose findings are printed, never fatal.
# Exit 0 once rectxl is installed and runs; 1 when a checksum does not match or installing failed.
set -u

VERSION="@VERSION@"
PYTHONS="@PYTHONS@"
MACHINES="@MACHINES@"
PIP_WHEEL="@PIP_WHEEL@"

say() { printf '%s\n' "$*"; }
die() { printf '%s\n' "$*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd) || die "无法进入安装包所在的文件夹。"
cd "$here" || die "无法进入安装包所在的文件夹：$here"

# 1. Checksums, before anything is created.
[ -f SHA256SUMS ] || die "安装包不完整：缺少 SHA256SUMS 文件。请从原电脑重新复制整个安装包文件夹。"
say "正在校验安装包中的文件……"
if command -v sha256sum >/dev/null 2>&1; then
    report=$(sha256sum -c SHA256SUMS 2>&1)
    status=$?
elif command -v shasum >/dev/null 2>&1; then
    report=$(shasum -a 256 -c SHA256SUMS 2>&1)
    status=$?
else
    die "本机没有 sha256sum 命令，无法校验安装包（请安装 coreutils）。"
fi
if [ "$status" -ne 0 ]; then
    printf '%s\n' "$report" | grep -v ': OK$' | grep -v -i 'warning' | sed 's/^/  /' >&2
    die "安装包已损坏：以上文件与 SHA256SUMS 中的校验值不符（可能在复制或传输时损坏）。未做任何安装。请从原电脑重新复制整个安装包。"
fi

# 2. This machine, and a Python the wheels are for.
machine=$(uname -m)
case " $MACHINES " in
    *" $machine "*) ;;
    *) die "此安装包不含适用于本机（$machine）的文件（含：$MACHINES）。请在能上网的电脑上用 rectxl bundle --platform 重新生成。" ;;
esac
python=""
for version in $PYTHONS; do
    for candidate in "python$version" python3 python; do
        found=$(command -v "$candidate" 2>/dev/null) || continue
        if "$found" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$version'.split('.'))))" 2>/dev/null; then
            python=$found
            break 2
        fi
    done
done
[ -n "$python" ] || die "没有找到 Python $PYTHONS。请从单位的软件商店（应用商店）安装 Python $PYTHONS（软件包名一般为 python$(printf '%s' "$PYTHONS" | cut -d' ' -f1)），然后重新运行：sh install.sh"
say "使用 Python：$python"

# 3. The environment, and rectxl into it.
data=${XDG_DATA_HOME:-$HOME/.local/share}
venv="$data/rectxl/venv"
if [ -e "$venv" ] && [ ! -f "$venv/pyvenv.cfg" ]; then
    die "$venv 已存在但不是 rectxl 的 Python 环境，未做改动。请移走它后重新运行。"
fi
mkdir -p "$data/rectxl" || die "无法创建文件夹：$data/rectxl"
"$python" -m venv --clear --without-pip "$venv" || die "无法创建 Python 环境：$venv"
say "正在安装 rectxl $VERSION（不联网）……"
PIP_CONFIG_FILE=/dev/null "$venv/bin/python" "$here/wheelhouse/$PIP_WHEEL/pip" --isolated --disable-pip-version-check \
    install --no-index --find-links "$here/wheelhouse" --only-binary=:all: pip "rectxl==$VERSION" \
    || die "安装失败（见上方 pip 的信息）。"
"$venv/bin/rectxl" --version || die "rectxl 已安装，但无法运行（见上方信息）。"

# 4. The command on PATH, a shortcut, and what else is missing.
bin="$HOME/.local/bin"
if mkdir -p "$bin" 2>/dev/null; then
    if [ ! -e "$bin/rectxl" ] || [ "$(readlink "$bin/rectxl" 2>/dev/null)" = "$venv/bin/rectxl" ]; then
        ln -sf "$venv/bin/rectxl" "$bin/rectxl" && say "命令 rectxl：$bin/rectxl"
    else
        say "$bin/rectxl 已存在（不是本程序创建的），未改动；可直接运行 $venv/bin/rectxl"
    fi
fi
if "$venv/bin/rectxl" serve --help >/dev/null 2>&1; then
    desktop=$(xdg-user-dir DESKTOP 2>/dev/null) || desktop=""
    [ -n "$desktop" ] && [ "$desktop" != "$HOME" ] || desktop="$HOME/Desktop"
    [ -d "$desktop" ] || [ ! -d "$HOME/桌面" ] || desktop="$HOME/桌面"
    if mkdir -p "$desktop" 2>/dev/null; then
        shortcut="$desktop/rectxl-serve.desktop"
        {
            say "[Desktop Entry]"
            say "Type=Application"
            say "Name=整改台账（网页版）"
            say "Comment=rectxl serve：在浏览器中校验台账、查看统计、生成文稿"
            say "Exec=\"$venv/bin/rectxl\" serve"
            say "Terminal=true"
            say "Categories=Office;"
        } >"$shortcut" && chmod +x "$shortcut" && say "桌面快捷方式：$shortcut"
    fi
fi
say ""
say "检查运行环境（rectxl doctor）："
if "$venv/bin/rectxl" doctor --help >/dev/null 2>&1; then
    "$venv/bin/rectxl" doctor || say "（以上缺少的项目不影响 rectxl 的安装，可按提示补装。）"
else
    say "（此版本的 rectxl 没有 doctor 命令，跳过环境检查。）"
fi
say ""
say "安装完成：rectxl $VERSION，位于 $venv"
say "使用方法：rectxl --help（如提示找不到命令，请重新登录，或运行 $venv/bin/rectxl）"
exit 0
