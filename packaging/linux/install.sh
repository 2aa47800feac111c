#!/usr/bin/env bash
# Installs the frozen app (dist/snapview from packaging/build.sh) with its desktop entry, AppStream
# metadata and hicolor icons, for one user (default ~/.local) or system-wide:
#   packaging/linux/install.sh                    # into ~/.local
#   PREFIX=/opt/snapview packaging/linux/install.sh
#   DESTDIR=/tmp/pkgroot PREFIX=/usr packaging/linux/install.sh   # staging for a distro package
#   packaging/linux/install.sh --uninstall        # remove what an install put there
# SNAPVIEW_DIST overrides the folder holding the built app (default dist/snapview).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP_ID=dev.snapview.Snapview
PREFIX=${PREFIX:-$HOME/.local}
DESTDIR=${DESTDIR:-}
DIST=${SNAPVIEW_DIST:-$ROOT/dist/snapview}
TARGET="$DESTDIR$PREFIX"
SIZES="16 24 32 48 64 128 256 512"

refresh_caches() {
  # Only for a live install: a DESTDIR staging tree is refreshed by the package manager later.
  [ -z "$DESTDIR" ] || return 0
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$TARGET/share/applications" || true
  fi
  # Only where a theme cache belongs (a system prefix has index.theme); a cache in ~/.local would go
  # stale when other apps add icons there without refreshing it.
  touch "$TARGET/share/icons/hicolor"
  if [ -f "$TARGET/share/icons/hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache -q "$TARGET/share/icons/hicolor" || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$TARGET/lib/snapview"
  rm -f "$TARGET/bin/snapview" "$TARGET/share/applications/$APP_ID.desktop" \
        "$TARGET/share/metainfo/$APP_ID.metainfo.xml" "$TARGET/share/icons/hicolor/scalable/apps/$APP_ID.svg"
  for size in $SIZES; do rm -f "$TARGET/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"; done
  refresh_caches
  echo "snapview removed from $TARGET"
  exit 0
fi

if [ ! -x "$DIST/snapview" ]; then
  echo "install.sh: no built app in $DIST; run packaging/build.sh first" >&2
  exit 1
fi

mkdir -p "$TARGET/lib" "$TARGET/bin" "$TARGET/share/applications" "$TARGET/share/metainfo" \
         "$TARGET/share/icons/hicolor/scalable/apps"
rm -rf "$TARGET/lib/snapview"
cp -a "$DIST" "$TARGET/lib/snapview"
ln -sfn "$PREFIX/lib/snapview/snapview" "$TARGET/bin/snapview"

# The launcher runs the installed binary by absolute path: ~/.local/bin is not on every PATH.
sed -e "s|^Exec=snapview|Exec=$PREFIX/bin/snapview|" -e "s|^TryExec=snapview|TryExec=$PREFIX/bin/snapview|" \
    "$HERE/$APP_ID.desktop" >"$TARGET/share/applications/$APP_ID.desktop"
install -m 644 "$HERE/$APP_ID.metainfo.xml" "$TARGET/share/metainfo/$APP_ID.metainfo.xml"
install -m 644 "$ROOT/resources/icons/snapview.svg" "$TARGET/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in $SIZES; do
  mkdir -p "$TARGET/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 "$ROOT/resources/icons/hicolor/${size}x${size}/apps/$APP_ID.png" \
    "$TARGET/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
refresh_caches
echo "snapview installed into $TARGET (run: $PREFIX/bin/snapview)"
