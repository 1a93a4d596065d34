#!/usr/bin/env bash
# Installs what the test suite needs beyond Python packages, when it can:
# a Vietnamese-capable font for rendering test PDFs, and Chromium for browser tests.
# Missing pieces are reported; the tests that need them skip with a clear reason.
set -u
need=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ "${KEHOACH_SKIP_BROWSER:-0}" != "1" ]; then
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: cài đặt ${need[*]} (apt-get)…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}") \
      >/tmp/kehoach-test-setup.log 2>&1 || echo "test-setup: không cài được ${need[*]} (xem /tmp/kehoach-test-setup.log); các bài kiểm thử cần chúng sẽ bị bỏ qua."
  else
    echo "test-setup: thiếu ${need[*]}; các bài kiểm thử cần chúng sẽ bị bỏ qua."
  fi
fi
exit 0
