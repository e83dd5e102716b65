#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine (idempotent; run as root or with sudo).
set -euo pipefail
packages=()
[ -f /usr/share/java/lucene-analyzers-smartcn-4.10.4.jar ] || packages+=(liblucene4.10-java)
command -v javac >/dev/null 2>&1 || packages+=(default-jdk-headless)
# Browser tests (tests/Search.Web.Tests) drive Debian Chromium; set SEARCH_BROWSER_TESTS=0 to skip installing it.
if [ "${SEARCH_BROWSER_TESTS:-1}" = "1" ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  # CJK glyphs, so the page's screenshots show Chinese rather than boxes.
  [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || packages+=(fonts-noto-cjk)
fi
# Reading .doc/.wps (LibreOffice converts them to .docx), scans and images (tesseract with the Simplified and Traditional Chinese models,
# PDF pages rasterised by poppler), and the Unicode data the radical table is tested against.
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)
command -v tesseract >/dev/null 2>&1 || packages+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || packages+=(tesseract-ocr-chi-sim)
ls /usr/share/tesseract-ocr/*/tessdata/chi_tra.traineddata >/dev/null 2>&1 || packages+=(tesseract-ocr-chi-tra)
command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
[ -f /usr/share/unicode/EquivalentUnifiedIdeograph.txt ] || packages+=(unicode-data)
command -v dotnet >/dev/null 2>&1 || { echo "error: the .NET 10 SDK (dotnet) is required" >&2; exit 2; }
if [ ${#packages[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "setup: installing ${packages[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
