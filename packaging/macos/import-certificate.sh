#!/usr/bin/env bash
# CI only, before the build: put the Developer ID certificate from the environment into a temporary keychain so
# PyInstaller (MACOS_SIGN_IDENTITY) and make-dmg.sh can sign. Does nothing when the certificate is not set.
#   MACOS_CERTIFICATE_P12_BASE64  the exported .p12, base64-encoded
#   MACOS_CERTIFICATE_PASSWORD    its password
set -euo pipefail
if [ -z "${MACOS_CERTIFICATE_P12_BASE64:-}" ] || [ -z "${MACOS_CERTIFICATE_PASSWORD:-}" ]; then
  echo "import-certificate: no certificate in the environment; the build stays ad-hoc signed"
  exit 0
fi
keychain="${RUNNER_TEMP:-$(mktemp -d)}/incident-desk-signing.keychain-db"
kc_pass="$(uuidgen)"
p12="$(mktemp).p12"
trap 'rm -f "$p12"' EXIT
echo "$MACOS_CERTIFICATE_P12_BASE64" | base64 --decode > "$p12"
security create-keychain -p "$kc_pass" "$keychain"
security set-keychain-settings -lut 21600 "$keychain"
security unlock-keychain -p "$kc_pass" "$keychain"
security import "$p12" -k "$keychain" -P "$MACOS_CERTIFICATE_PASSWORD" -T /usr/bin/codesign
security set-key-partition-list -S apple-tool:,apple: -s -k "$kc_pass" "$keychain" >/dev/null
# shellcheck disable=SC2046 # the existing keychain list is a list of words
security list-keychains -d user -s "$keychain" $(security list-keychains -d user | tr -d '"')
echo "import-certificate: identities now available:"
security find-identity -v -p codesigning "$keychain"
