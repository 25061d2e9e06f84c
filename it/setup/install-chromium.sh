#!/usr/bin/env bash
# Installs Debian's Chromium for the browser end-to-end test (StompBrowserIT), as root, without prompts.
# Idempotent: does nothing when /usr/bin/chromium is already there. Run by it/pom.xml (execution
# install-chromium, phase pre-integration-test) so that `mvn -B verify` on a fresh machine needs no manual step.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-chromium: /usr/bin/chromium is missing and this is not root; install Debian's chromium package" >&2
  exit 1
fi
echo "install-chromium: installing Debian's chromium package (first run only)" >&2
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
test -x /usr/bin/chromium
