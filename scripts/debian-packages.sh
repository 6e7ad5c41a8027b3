#!/usr/bin/env bash
# Install the Debian packages motcua needs, when missing: `runtime` (PDF output: Pango, fonts; the
# scans' text recognition: Tesseract with its Vietnamese data and page orientation, Ghostscript) or
# `test` (adds PostgreSQL, Chromium, LibreOffice Writer to open the DOCX reports, and SoftHSM to
# stand in for a signing HSM, for the suite). As non-root it names what to install instead.
set -euo pipefail
runtime=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd ghostscript)
test=(postgresql chromium libreoffice-writer-nogui softhsm2)
case "${1:-runtime}" in
  runtime) wanted=("${runtime[@]}") ;;
  test) wanted=("${runtime[@]}" "${test[@]}") ;;
  *) echo "usage: $0 runtime|test" >&2; exit 2 ;;
esac
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
# Without root (or apt-get) say exactly what is missing and go on: the parts that need a package
# (PDF output, the PostgreSQL half of the suite, browser tests) then tell so themselves.
if ! command -v apt-get >/dev/null || [ "$(id -u)" -ne 0 ]; then
  echo "motcua needs these Debian packages: ${missing[*]}" >&2
  echo "  as root: apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
