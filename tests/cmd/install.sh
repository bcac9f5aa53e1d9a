#!/bin/sh
# make install into a staging DESTDIR, then the installed program with the
# source tree out of sight: as root a private mount namespace lays an empty
# tmpfs over it, and strace (when there) proves nothing under it is opened.
# --version, demo, list, both languages of each man page, man picking the
# page by locale, the installed hook, bash completion, then make uninstall.
# It installs the plain build once; the sanitizer build's run skips.
. "$TOP/tests/lib.sh"

if [ "$DW" != "$TOP/build/dustwatch" ]; then
	ok "# SKIP make install is tested once, with the plain build"
	finish
	exit
fi
root=$T_TMP/root
check "make install DESTDIR=... PREFIX=/usr" make -s -C "$TOP" install DESTDIR="$root" PREFIX=/usr
for f in bin/dustwatch share/man/man1/dustwatch.1 share/man/man5/dustwatch-forms.5 \
	share/man/zh_CN/man1/dustwatch.1 share/man/zh_CN/man5/dustwatch-forms.5 \
	share/dustwatch/pre-receive share/bash-completion/completions/dustwatch \
	share/doc/dustwatch/admin-guide.md share/doc/dustwatch/inspector-guide.md \
	share/doc/dustwatch/supervisor-guide.md share/doc/dustwatch/sync/README.md; do
	check "installed /usr/$f" test -s "$root/usr/$f"
done
check "the program and the hook are executable" test -x "$root/usr/bin/dustwatch" -a -x "$root/usr/share/dustwatch/pre-receive"

# installed CMD...: runs CMD from /, with only the installed bin on PATH
# before the system's, the source tree hidden when we can hide it.
hide=""
if [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
	hide="mount -t tmpfs dwhidden '$TOP' && "
fi
trace=""
command -v strace >/dev/null 2>&1 && trace="strace -f -qq -e trace=file,execve -o $T_TMP/trace.\$\$"
installed() {
	script="$hide cd / && exec env PATH='$root/usr/bin:/usr/bin:/bin' $trace \"\$@\""
	if [ -n "$hide" ]; then
		unshare --mount sh -c "$script" sh "$@"
	else
		sh -c "$script" sh "$@"
	fi
}
if [ -n "$hide" ]; then
	contains "the source tree is out of sight" "$(installed ls -A "$TOP")" ""
	equals "the source tree is empty in the namespace" "$(installed ls -A "$TOP" | wc -l)" 0
else
	ok "# SKIP not root: the source tree stays visible, strace alone checks"
	ok "# SKIP not root"
fi
rm -f "$T_TMP"/trace.*

out=$(installed dustwatch --version 2>&1)
contains "installed dustwatch --version" "$out" "0.1.0"
export DUSTWATCH_HOME="$T_TMP/demo"
out=$(installed dustwatch demo "$DUSTWATCH_HOME" 2>&1)
contains "installed dustwatch demo" "$out" "demo: station HH"
out=$(installed dustwatch list notice --status overdue 2>&1)
contains "installed dustwatch list" "$out" "HH-A"
out=$(installed dustwatch show "$(installed dustwatch list notice --format csv | awk -F, 'NR == 2 { print $2 }')" --lang zh 2>&1)
contains "installed dustwatch show, in Chinese" "$out" "整改"
hook=$(cat "$DUSTWATCH_HOME/central.git/hooks/pre-receive")
lacks "the demo's station hook does not name the source tree" "$hook" "$TOP"
if [ -n "$trace" ]; then
	opened=$(cat "$T_TMP"/trace.* | grep -F "\"$TOP" | head -5)
	equals "nothing under the source tree was opened (strace)" "$opened" ""
	contains "strace saw the installed binary run" "$(cat "$T_TMP"/trace.*)" "$root/usr/bin/dustwatch"
else
	ok "# SKIP strace is not installed"
	ok "# SKIP strace is not installed"
fi

# The shipped hook, installed, with dustwatch found on PATH: a push of a
# ref that is not a device's branch is refused by dustwatch verify.
zero=0000000000000000000000000000000000000000
out=$(echo "$zero $zero refs/heads/main" |
	GIT_DIR="$DUSTWATCH_HOME/central.git" installed "$root/usr/share/dustwatch/pre-receive" 2>&1)
contains "the installed hook refuses a ref that is not a device's branch" "$out" "only device branches"
out=$(echo "$zero $zero refs/heads/devices/A03" |
	GIT_DIR="$DUSTWATCH_HOME/central.git" installed "$root/usr/share/dustwatch/pre-receive" 2>&1)
rc=$?
[ $rc -lt 128 ] && ok "the installed hook runs dustwatch verify from PATH (exit $rc)" || not_ok "the installed hook" "exit $rc" "$out"

# Each man page, in both languages, through man(1).
man_text() { MANPAGER=cat MANWIDTH=100 LANG=C.UTF-8 LC_ALL=C.UTF-8 man -l "$1" 2>&1; }
m=$root/usr/share/man
contains "man -l dustwatch.1 (English)" "$(man_text "$m/man1/dustwatch.1")" "SYNOPSIS"
contains "man -l dustwatch.1 (English) is the full page" "$(man_text "$m/man1/dustwatch.1")" "EXIT STATUS"
contains "man -l dustwatch-forms.5 (English)" "$(man_text "$m/man5/dustwatch-forms.5")" "FIELD TYPES"
contains "man -l zh_CN dustwatch.1" "$(man_text "$m/zh_CN/man1/dustwatch.1")" "命令"
contains "man -l zh_CN dustwatch.1 is the full page" "$(man_text "$m/zh_CN/man1/dustwatch.1")" "示例"
contains "man -l zh_CN dustwatch-forms.5" "$(man_text "$m/zh_CN/man5/dustwatch-forms.5")" "字段类型"
for page in "$m/man1/dustwatch.1" "$m/man5/dustwatch-forms.5" "$m/zh_CN/man1/dustwatch.1" "$m/zh_CN/man5/dustwatch-forms.5"; do
	warn=$(MANWIDTH=100 LC_ALL=C.UTF-8 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
	equals "man --warnings is silent on ${page#"$m"/}" "$warn" ""
done
equals "man -L zh_CN dustwatch picks the Chinese page" "$(MANPATH=$m man -L zh_CN -w dustwatch)" "$m/zh_CN/man1/dustwatch.1"
equals "man -L C dustwatch picks the English page" "$(MANPATH=$m man -L C -w dustwatch)" "$m/man1/dustwatch.1"

# Bash completion, asking the installed program.
if command -v bash >/dev/null 2>&1; then
	comp() {
		installed bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _dustwatch; echo "${COMPREPLY[*]}"' \
			"$root/usr/share/bash-completion/completions/dustwatch" "$@"
	}
	equals "completion: a command" "$(comp dustwatch subm)" "submit"
	equals "completion: a kind" "$(comp dustwatch new inspe)" "inspection inspector"
	num=$(installed dustwatch list notice --format csv | awk -F, 'NR == 2 { print $2 }')
	contains "completion: a record number" " $(comp dustwatch show "${num%?}") " " $num "
	contains "completion: a command's options" "$(comp dustwatch list --sta)" "--status"
else
	not_ok "bash is needed for the completion test"
fi

check "make uninstall" make -s -C "$TOP" uninstall DESTDIR="$root" PREFIX=/usr
equals "make uninstall leaves no file behind" "$(find "$root" -type f | wc -l)" 0
finish
