#!/bin/sh
# The real programs the tests use: LibreOffice (opens the workbook and the Word drafts, makes PDFs),
# CJK fonts for its glyphs, poppler (pdftotext, pdftoppm), and chromium with its driver (the page
# of `rectxl serve` is tested in a real browser through selenium). Debian/Ubuntu.
set -e
need=""
command -v soffice >/dev/null 2>&1 || need="$need libreoffice-calc libreoffice-writer"
command -v pdftotext >/dev/null 2>&1 || need="$need poppler-utils"
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || need="$need fonts-noto-cjk"
[ -x /usr/bin/chromium ] || need="$need chromium"
[ -x /usr/bin/chromedriver ] || need="$need chromium-driver"
[ -z "$need" ] && exit 0
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $need fonts-noto-cjk
