#!/bin/sh
# check-headers: the UI never compiles against libgit2, SQLite or curses.
# Every src/ui/*.c but the terminal module (src/ui/term.c) is run through
# the compiler's dependency output ($CC -M, with -H for the include tree);
# a file that can reach git2.h, sqlite3.h or curses.h (ncurses.h), however
# deep, is named with the chain of includes that gets it there, and the
# check fails. Usage: tools/check-headers.sh [TOP]  (default: this tree).
# CC and CHECK_CFLAGS may be set; the flags default to the Makefile's
# include paths and its PKGS' pkg-config --cflags.
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 2
cc=${CC:-cc}
if [ -z "${CHECK_CFLAGS:-}" ]; then
	pkgs=$(sed -n 's/^PKGS *:= *//p' Makefile)
	CHECK_CFLAGS="-std=c11 -D_GNU_SOURCE -Isrc -Ibuild/gen $(pkg-config --cflags $pkgs)"
fi
bad=0 n=0
for f in src/ui/*.c; do
	[ "$f" = src/ui/term.c ] && continue
	n=$((n + 1))
	# -H prints each header, one dot per level of nesting, on stderr.
	# shellcheck disable=SC2086
	tree=$($cc $CHECK_CFLAGS -M -H "$f" 2>&1 >/dev/null)
	if [ $? -ne 0 ]; then
		echo "check-headers: $f does not compile:"
		printf '%s\n' "$tree" | sed 's/^/  /' | head -20
		bad=$((bad + 1))
		continue
	fi
	hits=$(printf '%s\n' "$tree" | awk -v file="$f" '
		/^\.+ / {
			depth = length($1)
			chain[depth] = $2
			name = $2
			sub(/.*\//, "", name)
			if (name == "git2.h" || name == "sqlite3.h" || name == "curses.h" || name == "ncurses.h") {
				line = file
				for (i = 1; i <= depth; i++)
					line = line " -> " chain[i]
				print name ": " line
			}
		}')
	if [ -n "$hits" ]; then
		printf '%s\n' "$hits" | while IFS= read -r h; do
			echo "check-headers: $f reaches ${h%%:*}: ${h#*: }"
		done
		bad=$((bad + 1))
	fi
done
if [ "$bad" -gt 0 ]; then
	echo "check-headers: $bad of $n UI files reach git2.h, sqlite3.h or curses.h (only src/ui/term.c may)"
	exit 1
fi
echo "check-headers: $n UI files reach none of git2.h, sqlite3.h, curses.h"
