#!/usr/bin/env bash
# What the test suite needs beyond Python packages is what the product needs to read files
# (OCR, LibreOffice, antiword, poppler), plus a font and Chromium: scripts/setup-system.sh
# installs them when it can; the tests that need a missing piece skip with the reason.
exec bash "$(dirname "$0")/setup-system.sh"
