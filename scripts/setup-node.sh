#!/usr/bin/env bash
# Installs Node.js and npm where they are missing (Debian packages; idempotent; root or sudo): the OpenAPI test runs Redocly CLI
# through them (tests/Search.Web.Tests/Api/OpenApiDocumentTests.cs installs the pinned CLI into ~/.cache/search on first use).
set -euo pipefail
packages=()
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [ ${#packages[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "setup: installing ${packages[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
# Redocly CLI 1.34 needs Node.js 18.17 or later (Debian 12 ships 18.19+).
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then echo "error: Node.js $(node --version) is too old; 18.17 or later is needed" >&2; exit 2; fi
