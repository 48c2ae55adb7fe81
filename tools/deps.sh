#!/bin/sh
# Checks what building and testing buddyviz needs: a C compiler, make,
# pkg-config, ncursesw and libyaml (with headers), tmux (screen tests) and
# python3 with PyYAML (the independent model the tests compare against).
# Quiet when everything is there. Otherwise, as root on Debian/Ubuntu it
# installs the packages with apt-get; as anyone else it prints the command
# to run and exits 1.

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

need=$(missing)
[ -z "$need" ] && exit 0

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
