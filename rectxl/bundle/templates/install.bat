@echo off
rem rectxl @VERSION@: offline installer for Windows. Double-click it (or run it from cmd).
rem 1. finds a 64-bit Python of a version the wheelhouse holds (@PYTHONS@): py launcher, the usual
rem    folders, PATH (finding it creates nothing);
rem 2. checks every file against SHA256SUMS with that Python before it creates anything;
rem 3. makes a virtual environment in %LOCALAPPDATA%\rectxl\venv and installs rectxl from .\wheelhouse
rem    with no package index (pip run from its own wheel);
rem 4. writes a copy of the ribbon workbook whose xlwings.conf Interpreter_Win points at that
rem    environment's python, to the desktop; a desktop shortcut for `rectxl serve` where it exists;
rem 5. runs `rectxl doctor`: its findings are printed, never fatal.
rem Exit 0 once rectxl is installed and runs; 1 when a checksum does not match or installing failed.
rem This file is saved in GBK (code page 936) with CRLF line ends, as cmd reads it on Chinese Windows.
chcp 936 >nul
setlocal EnableExtensions DisableDelayedExpansion
set "VERSION=@VERSION@"
set "PYTHONS=@PYTHONS@"
set "PIP_WHEEL=@PIP_WHEEL@"
set "VENV=%LOCALAPPDATA%\rectxl\venv"
set "VPY=%LOCALAPPDATA%\rectxl\venv\Scripts\python.exe"
set "RECTXL=%LOCALAPPDATA%\rectxl\venv\Scripts\rectxl.exe"
set "PIP_CONFIG_FILE=nul"
pushd "%~dp0" || goto :no_folder
set "BUNDLE=%CD%"

rem ---- 1. a Python the wheels are for (finding it creates nothing) --------------------------------
set "PY="
for %%v in (%PYTHONS%) do call :find_python %%v
if not defined PY goto :no_python
echo 使用 Python：%PY%

rem ---- 2. checksums, before anything is created --------------------------------------------------
echo 正在校验安装包中的文件……
if not exist "SHA256SUMS" goto :no_sums
"%PY%" -c "import hashlib, os, sys; sums = [line.split('  ', 1) for line in open('SHA256SUMS', encoding='utf-8').read().splitlines() if line]; bad = [name for want, name in sums if not os.path.isfile(name) or hashlib.sha256(open(name, 'rb').read()).hexdigest() != want]; [print('  ' + name) for name in bad]; sys.exit(1 if bad or not sums else 0)"
if errorlevel 1 goto :damaged

rem ---- 3. the environment, and rectxl into it -------------------------------------------------
if exist "%VENV%\" if not exist "%VENV%\pyvenv.cfg" goto :not_a_venv
"%PY%" -m venv --clear --without-pip "%VENV%"
if errorlevel 1 goto :install_failed
echo 正在安装 rectxl %VERSION%（不联网）……
"%VPY%" "%BUNDLE%\wheelhouse\%PIP_WHEEL%\pip" --isolated --disable-pip-version-check install --no-index --find-links "%BUNDLE%\wheelhouse" --only-binary=:all: pip "rectxl==%VERSION%"
if errorlevel 1 goto :install_failed
"%RECTXL%" --version
if errorlevel 1 goto :install_failed

rem ---- 4. the workbook with Interpreter_Win filled in; the serve shortcut -----------------------
set "DESKTOP="
for /f "usebackq delims=" %%d in (`powershell -NoProfile -Command "[Environment]::GetFolderPath('Desktop')"`) do set "DESKTOP=%%d"
if not defined DESKTOP set "DESKTOP=%USERPROFILE%\Desktop"
echo 正在生成已配置好 Python 路径的台账工作簿（xlwings.conf 的 Interpreter_Win）……
"%VPY%" -m rectxl.bundle.interpreter "%BUNDLE%\Rectification.xlsm" "%DESKTOP%" "%VPY%"
if errorlevel 1 echo 未能生成该工作簿：可打开安装包中的 Rectification.xlsm，在 xlwings.conf 表的 Interpreter_Win 中填写 %VPY%
"%RECTXL%" serve --help >nul 2>&1
if errorlevel 1 goto :doctor
powershell -NoProfile -ExecutionPolicy Bypass -Command "$link = (New-Object -ComObject WScript.Shell).CreateShortcut((Join-Path ([Environment]::GetFolderPath('Desktop')) '整改台账（网页版）.lnk')); $link.TargetPath = $env:RECTXL; $link.Arguments = 'serve'; $link.WorkingDirectory = [Environment]::GetFolderPath('MyDocuments'); $link.Save()"
if not errorlevel 1 echo 已在桌面创建快捷方式：整改台账（网页版）

rem ---- 5. what else is missing: printed, not failing ------------------------------------------
:doctor
echo.
echo 检查运行环境（rectxl doctor）：
"%RECTXL%" doctor --help >nul 2>&1
if errorlevel 1 goto :no_doctor
"%RECTXL%" doctor
if errorlevel 1 echo （以上缺少的项目不影响 rectxl 的安装，可按提示补装。）
goto :done
:no_doctor
echo （此版本的 rectxl 没有 doctor 命令，跳过环境检查。）
:done
echo.
echo 安装完成：rectxl %VERSION%，位于 %VENV%
echo 桌面上新生成的台账工作簿（路径见上）已指向这个 Python：打开时点击“启用内容”，即可使用“整改台账”选项卡。
popd
if not defined RECTXL_NO_PAUSE pause
exit /b 0

rem ---- find_python VERSION: PY set to a 64-bit python.exe of that version, if there is one -------
:find_python
if defined PY goto :eof
set "V=%~1"
set "ND=%V:.=%"
call :try_python py -%V%-64
call :try_python "%LOCALAPPDATA%\Programs\Python\Python%ND%\python.exe"
call :try_python "%ProgramFiles%\Python%ND%\python.exe"
call :try_python python
goto :eof

rem ---- try_python COMMAND…: PY set to its sys.executable when it is Python %V%, 64-bit -------------
:try_python
if defined PY goto :eof
for /f "usebackq delims=" %%p in (`call %* -c "import struct, sys; print(sys.executable if sys.version_info[:2] == (%V:.=, %) and struct.calcsize('P') == 8 else '')" 2^>nul`) do set "PY=%%p"
goto :eof

rem ---- refusals: a message in Chinese, exit 1 --------------------------------------------------
:no_folder
echo 无法进入安装包所在的文件夹：%~dp0
goto :end
:no_sums
echo 安装包不完整：缺少 SHA256SUMS 文件。请从原电脑重新复制整个安装包文件夹。
goto :fail
:damaged
echo 安装包已损坏：以上文件与 SHA256SUMS 中的校验值不符（可能在复制或传输时损坏）。未做任何安装。请从原电脑重新复制整个安装包。
goto :fail
:no_python
echo 没有找到 Python %PYTHONS%（64 位）。请从单位的软件商店（正版软件平台）安装 Python %PYTHONS%，安装时勾选“Add python.exe to PATH”，然后重新运行 install.bat。
goto :fail
:not_a_venv
echo %VENV% 已存在但不是 rectxl 的 Python 环境，未做改动。请移走它后重新运行。
goto :fail
:install_failed
echo 安装失败（见上方信息）。
goto :fail
:fail
popd
:end
if not defined RECTXL_NO_PAUSE pause
exit /b 1
