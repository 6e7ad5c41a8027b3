#!/usr/bin/env bash
# Rebuild the vendored design system (GOV.UK Frontend) into src/motcua/static/motcua/design.css and
# src/motcua/static/vendor/govuk-frontend/, and copy htmx into src/motcua/static/vendor/htmx/.
# Needs Node.js and npm only here, when the pinned version changes: the output is committed, so
# neither `make run` nor the suite needs Node. Versions are pinned in package.json and its lock.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../src/motcua/static/vendor/govuk-frontend"
design="$here/../../src/motcua/static/motcua/design.css"
cd "$here"
npm ci --no-audit --no-fund --ignore-scripts
mkdir -p "$out"
# The project's stylesheet: GOV.UK Frontend with the project's fonts, its semantic HTML mapped
# onto the components (motcua.scss).
npx sass --style=compressed --no-source-map --load-path=. motcua.scss "$design"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/"
mkdir -p "$here/../../src/motcua/static/vendor/htmx"
cp node_modules/htmx.org/dist/htmx.min.js "$here/../../src/motcua/static/vendor/htmx/"
htmx="$(node -p 'require("htmx.org/package.json").version')"
echo "htmx.org $htmx (https://htmx.org), BSD Zero Clause licence." > "$here/../../src/motcua/static/vendor/htmx/NOTICE"
version="$(node -p 'require("govuk-frontend/package.json").version')"
cat > "$out/NOTICE" <<NOTICE
govuk-frontend $version (https://github.com/alphagov/govuk-frontend), MIT licence,
© Crown copyright (Government Digital Service). Built by scripts/design-system/build.sh
without GOV.UK's typeface, crest or crown, which are for GOV.UK services only.
NOTICE
echo "built govuk-frontend $version into $out"
