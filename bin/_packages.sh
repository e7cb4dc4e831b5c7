# Sourced by bin/test and .ci/run: the Debian packages the tests need, installed one way for
# both. Chromium drives the browser tests; HarfBuzz, Pango and a font are WeasyPrint's (PDFs).
TEST_PACKAGES=(chromium libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)

# install_packages PKG…: installs those not installed yet, with apt-get, when this user can
# (root on Debian). When some are missing and the user cannot, returns 1 with the one command
# to type in PACKAGES_COMMAND. Off Debian there is no dpkg to ask: returns 0, and the caller's
# own checks say what is missing.
install_packages() {
  PACKAGES_COMMAND=""
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local need=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    return 0
  fi
  PACKAGES_COMMAND="sudo apt-get install ${need[*]}"
  return 1
}
