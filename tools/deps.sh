#!/bin/sh
# Checks what building and testing buddyviz needs: a C compiler, make,
# pkg-config, ncursesw and libyaml (with headers), tmux (screen tests) and
# python3 with PyYAML (the independent model the tests compare against).
# Quiet when everything is there. Otherwise, as root on Debian/Ubuntu it
# installs the packages with apt-get; as anyone else it prints the command
# to run and exits 1.
#
# `sh tools/deps.sh --test` (make test, .ci/run) also installs what only the
# tests use: a headless browser (chromium-headless-shell) for the HTML
# replay's test. It is optional: when it cannot be installed, that test is
# skipped (and says so), so `make run` never pulls a browser.

PKGS="build-essential pkg-config libncurses-dev libyaml-dev tmux python3 python3-yaml"

missing() {
	m=""
	command -v cc >/dev/null 2>&1 || m="$m cc"
	command -v make >/dev/null 2>&1 || m="$m make"
	if command -v pkg-config >/dev/null 2>&1; then
		pkg-config --exists ncursesw 2>/dev/null || m="$m ncursesw"
		pkg-config --exists yaml-0.1 2>/dev/null || m="$m yaml-0.1"
	else
		m="$m pkg-config"
	fi
	command -v tmux >/dev/null 2>&1 || m="$m tmux"
	python3 -c 'import yaml' >/dev/null 2>&1 || m="$m python3-yaml"
	printf '%s' "${m# }"
}

# The test-only browser; never fatal.
test_browser() {
	for b in chromium-headless-shell chrome-headless-shell chromium chromium-browser; do
		command -v "$b" >/dev/null 2>&1 && return 0
	done
	if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		echo "Installing for the tests: chromium-headless-shell (the HTML replay's test)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium-headless-shell \
			</dev/null >/dev/null 2>&1 ||
			{ apt-get update -q </dev/null >/dev/null 2>&1 &&
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
				chromium-headless-shell </dev/null >/dev/null 2>&1; } ||
			echo "could not install chromium-headless-shell: the HTML replay's browser test will be skipped"
	else
		echo "optional for the tests: a headless browser (apt-get install chromium-headless-shell);"
		echo "without one the HTML replay's browser test is skipped"
	fi
	return 0
}

need=$(missing)
if [ -z "$need" ]; then
	[ "$1" = --test ] && test_browser
	exit 0
fi

echo "buddyviz needs: $need"
if ! command -v apt-get >/dev/null 2>&1; then
	echo "No apt-get here: install a C compiler, make, pkg-config, the ncursesw and"
	echo "libyaml development packages, tmux and python3 with PyYAML with your"
	echo "system's package manager."
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "Install them with:"
	echo "  sudo apt-get install $PKGS"
	exit 1
fi

DEBIAN_FRONTEND=noninteractive
export DEBIAN_FRONTEND
echo "Installing: $PKGS"
apt-get update -q </dev/null || exit 1
# shellcheck disable=SC2086 # a list of packages
apt-get install -y -q --no-install-recommends $PKGS </dev/null || exit 1

need=$(missing)
if [ -n "$need" ]; then
	echo "still missing after apt-get: $need"
	exit 1
fi
[ "$1" = --test ] && test_browser
exit 0
