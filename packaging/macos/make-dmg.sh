#!/usr/bin/env bash
# Package the .app into a .dmg; sign the .dmg and notarize + staple it when credentials are in the environment.
# Called by `python packaging/build.py dmg` as: make-dmg.sh "dist/Incident Desk.app" VERSION dist
# The .app itself is signed by PyInstaller (the spec passes MACOS_SIGN_IDENTITY as codesign_identity, with
# the hardened runtime and entitlements.plist); without an identity it keeps PyInstaller's ad-hoc signature.
#
# Optional environment (see packaging/README.md); each step whose credentials are missing is skipped:
#   MACOS_SIGN_IDENTITY    "Developer ID Application: Name (TEAMID)"
#   MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_TEAM_ID, MACOS_NOTARY_PASSWORD (an app-specific password)
set -euo pipefail

app="${1:?path to the .app}"
version="${2:?version}"
out="${3:?output folder}"
dmg="$out/IncidentDesk-$version-macos-$(uname -m).dmg"

[ -d "$app" ] || { echo "make-dmg: $app not found (run: python packaging/build.py bundle)" >&2; exit 1; }

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --verify --deep --strict --verbose=2 "$app"
  codesign --display --verbose=2 "$app" 2>&1 | grep -E "Authority|TeamIdentifier|flags" || true
else
  echo "make-dmg: MACOS_SIGN_IDENTITY not set; the app is ad-hoc signed (Gatekeeper will ask on other Macs)"
fi

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
mkdir -p "$out"
rm -f "$dmg"
hdiutil create -volname "Incident Desk $version" -srcfolder "$staging" -fs HFS+ -format UDZO \
  -imagekey zlib-level=9 -ov "$dmg"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
fi

if [ -n "${MACOS_SIGN_IDENTITY:-}" ] && [ -n "${MACOS_NOTARY_APPLE_ID:-}" ] && [ -n "${MACOS_NOTARY_TEAM_ID:-}" ] \
   && [ -n "${MACOS_NOTARY_PASSWORD:-}" ]; then
  echo "make-dmg: notarizing (waits for Apple's answer)"
  xcrun notarytool submit "$dmg" --apple-id "$MACOS_NOTARY_APPLE_ID" --team-id "$MACOS_NOTARY_TEAM_ID" \
    --password "$MACOS_NOTARY_PASSWORD" --wait
  xcrun stapler staple "$dmg"
  xcrun stapler validate "$dmg"
else
  echo "make-dmg: notary credentials not set; skipping notarization"
fi
echo "dmg -> $dmg"
