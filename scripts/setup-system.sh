#!/usr/bin/env bash
# Installs the system programs kehoach uses to read files, when they are missing:
#   tesseract-ocr + tesseract-ocr-vie   OCR of scanned PDFs (Vietnamese model)
#   libreoffice-writer-nogui            .doc / .odt / .rtf converted to .docx
#   antiword                            .doc fallback when LibreOffice is missing
#   poppler-utils                       pdftotext / pdftoppm (reference in tests and benchmarks)
#   fonts-dejavu-core                   Vietnamese-capable font for rendered test PDFs
#   chromium + chromium-driver          browser tests (skip with KEHOACH_SKIP_BROWSER=1)
#   a Java runtime (default-jre-headless) for the Spark job (scale/)
# Installs with apt-get when run as root; otherwise lists what is missing. Never fails:
# what is missing is reported, and the features and tests that need it say so (tests skip
# with the reason).
set -u
need=()
have() { command -v "$1" >/dev/null 2>&1; }
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
if ! tesseract --list-langs 2>/dev/null | grep -qx vie; then need+=(tesseract-ocr-vie); fi
have soffice || have libreoffice || [ -x /usr/lib/libreoffice/program/soffice ] || need+=(libreoffice-writer-nogui)
have antiword || need+=(antiword)
have pdftotext || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ "${KEHOACH_SKIP_BROWSER:-0}" != "1" ]; then
  have chromium || [ -x /usr/bin/chromium ] || need+=(chromium)
  have chromedriver || [ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
fi
if [ "${KEHOACH_SKIP_JAVA:-0}" != "1" ]; then
  have java || need+=(default-jre-headless)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && have apt-get; then
  echo "setup-system: cài đặt ${need[*]} (apt-get)…"
  log=/tmp/kehoach-setup-system.log
  if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}") >"$log" 2>&1; then
    # One package missing from the archive must not stop the others.
    for pkg in "${need[@]}"; do
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >>"$log" 2>&1 \
        || echo "setup-system: không cài được $pkg (xem $log); chức năng và bài kiểm thử cần nó sẽ bị bỏ qua."
    done
  fi
else
  echo "setup-system: thiếu ${need[*]}; hãy cài (sudo apt-get install ${need[*]}) — chức năng và bài kiểm thử cần chúng sẽ bị bỏ qua."
fi
exit 0
