#!/bin/sh
# The Debian package, as CI checks it: make deb, lintian (no errors), apt
# install of the .deb into this machine, then the installed program from
# /usr/bin: demo, list, and the TUI's home screen in tmux. It installs into
# the system, so tests/run.sh runs it only with DW_PKG_TESTS=1 (.ci/run, as
# root), and only once, with the plain build.
. "$TOP/tests/lib.sh"

if [ "$DW" != "$TOP/build/dustwatch" ]; then
	ok "# SKIP the package is built and installed once, with the plain build"
	finish
	exit
fi
if [ "$(id -u)" != 0 ]; then
	not_ok "the package test installs into the system: run it as root"
	finish
	exit
fi
version=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
deb="$TOP/build/dustwatch_${version}_$(dpkg --print-architecture).deb"
rm -f "$deb"
check "make deb" make -s -C "$TOP" deb
check "make deb wrote ${deb#"$TOP"/}" test -s "$deb"

lint=$(lintian --tag-display-limit 0 "$deb" 2>&1)
echo "$lint" | sed 's/^/# lintian: /'
equals "lintian reports no errors" "$(echo "$lint" | grep -c '^E:')" 0

out=$(DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" 2>&1)
check "apt-get install ./dustwatch_${version}_*.deb" dpkg-query -W -f='${Status}' dustwatch
contains "the installed package is this version" "$(dpkg-query -W -f='${Version}' dustwatch)" "$version"
deps=$(dpkg-query -W -f='${Depends}' dustwatch)
for lib in libgit2 libsqlite3 libncursesw libsodium libjansson libqrencode libcairo2 libpango libgps; do
	contains "Depends names $lib" "$deps" "$lib"
done
contains "the man page is registered" "$(man -w dustwatch 2>&1)" "/usr/share/man/man1/dustwatch.1"
contains "the Chinese man page is installed" "$(dpkg -L dustwatch)" "/usr/share/man/zh_CN/man1/dustwatch.1.gz"
equals "man -L zh_CN picks the Chinese page" "$(man -L zh_CN -w dustwatch 2>&1)" "/usr/share/man/zh_CN/man1/dustwatch.1.gz"
contains "the installed Chinese page reads in Chinese" "$(MANPAGER=cat LC_ALL=C.UTF-8 man -L zh_CN dustwatch 2>&1)" "退出状态"
check "the copyright file is there" test -s /usr/share/doc/dustwatch/copyright
check "the changelog is there" test -s /usr/share/doc/dustwatch/changelog.gz

export DUSTWATCH_HOME="$T_TMP/demo"
out=$(cd / && /usr/bin/dustwatch demo "$DUSTWATCH_HOME" 2>&1)
contains "/usr/bin/dustwatch demo" "$out" "demo: station HH"
out=$(cd / && /usr/bin/dustwatch list notice --status overdue 2>&1)
contains "/usr/bin/dustwatch list" "$out" "HH-A"

# The TUI from /usr/bin: plain `dustwatch`, as a person types it.
. "$TOP/tests/tui/lib.sh"
tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s t -x 100 -y 30 \
	"cd / && env DUSTWATCH_HOME='$DUSTWATCH_HOME' HOME='$HOME' LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color PATH=/usr/bin:/bin dustwatch; sleep 30"
sees "the TUI from /usr/bin shows the home screen" "Today's work"
keys q
sees "q asks before quitting" "Quit dustwatch?"
keys y
if wait_gone "Today's work" 10; then ok "y quits the TUI"; else not_ok "y quits the TUI" "$(screen_text)"; fi
finish
