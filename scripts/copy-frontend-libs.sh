#!/usr/bin/env sh
# Copies the pinned npm libraries (package.json) into wwwroot/lib, with their licence. Run after `npm ci`.
set -eu
cd "$(dirname "$0")/.."
dest=src/Groz.Web/wwwroot/lib/leaflet
rm -rf "$dest" && mkdir -p "$dest"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE "$dest/"
cp -r node_modules/leaflet/dist/images "$dest/"
echo "leaflet $(node -p "require('./node_modules/leaflet/package.json').version") copied to $dest"
# Chart.js: the UMD build, one file with no imports (the app serves it; no bundler).
dest=src/Groz.Web/wwwroot/lib/chartjs
rm -rf "$dest" && mkdir -p "$dest"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md "$dest/"
echo "chart.js $(node -p "require('./node_modules/chart.js/package.json').version") copied to $dest"
# Cytoscape.js: the minified UMD build (a global `cytoscape`), for the partner network drawing.
dest=src/Groz.Web/wwwroot/lib/cytoscape
rm -rf "$dest" && mkdir -p "$dest"
cp node_modules/cytoscape/dist/cytoscape.min.js node_modules/cytoscape/LICENSE "$dest/"
echo "cytoscape $(node -p "require('./node_modules/cytoscape/package.json').version") copied to $dest"
