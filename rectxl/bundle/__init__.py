"""The offline bundle (`rectxl bundle`): a folder an intranet PC installs rectxl from without any
network — a wheelhouse per platform and Python version, install.bat / install.sh, the ribbon
workbook, a Chinese 安装说明.txt and SHA256SUMS over all of it.

targets.py declares the platforms; wheelhouse.py fills the wheels (pip, then the dependencies pip
skipped because it reads environment markers for this machine, not the target); checksums.py
writes and checks SHA256SUMS; installers.py fills the script templates (templates/); make.py puts
the folder and its zip together; interpreter.py is the step install.bat runs in the new
environment to point the workbook's xlwings.conf at it.
"""
