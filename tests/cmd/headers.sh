# The header rule of `make check` (tools/check-headers.sh): no file in
# src/ui/ but the terminal module reaches git2.h, sqlite3.h or curses.h.
# It passes on the tree as it is, and fails, naming the file and the chain
# of includes, on a copy where a UI file includes sqlite3.h directly or
# through a header of its own.
. "$TOP/tests/lib.sh"
check="$TOP/tools/check-headers.sh"

out=$("$check" "$TOP" 2>&1)
rc=$?
equals "the tree passes the header check" "$rc" 0
contains "it says how many UI files it checked" "$out" "UI files reach none of"

copy="$T_TMP/tree"
mkdir -p "$copy"
cp -R "$TOP/src" "$TOP/Makefile" "$copy/"
[ -d "$TOP/build/gen" ] && mkdir -p "$copy/build" && cp -R "$TOP/build/gen" "$copy/build/"
out=$("$check" "$copy" 2>&1)
equals "an untouched copy passes too" "$?" 0

printf '#include <sqlite3.h>\n' | cat - "$TOP/src/ui/list.c" >"$copy/src/ui/list.c"
out=$("$check" "$copy" 2>&1)
rc=$?
equals "a UI file including sqlite3.h fails the check" "$rc" 1
contains "the failure names the file and the header" "$out" "src/ui/list.c reaches sqlite3.h: src/ui/list.c -> "
lacks "no other file is blamed" "$out" "src/ui/home.c"

cp "$TOP/src/ui/list.c" "$copy/src/ui/list.c"
printf '#include "store_impl.h"\n' >"$copy/src/ui/probe.h"
printf '#include "ui/probe.h"\n' | cat - "$TOP/src/ui/help.c" >"$copy/src/ui/help.c"
out=$("$check" "$copy" 2>&1)
rc=$?
equals "sqlite3.h through two headers fails as well" "$rc" 1
contains "the chain is shown" "$out" "src/ui/help.c reaches sqlite3.h: src/ui/help.c -> src/ui/probe.h -> src/store_impl.h -> "

cp "$TOP/src/ui/help.c" "$copy/src/ui/help.c"
printf '#include <curses.h>\n' | cat - "$TOP/src/ui/term.c" >"$copy/src/ui/term.c"
out=$("$check" "$copy" 2>&1)
equals "the terminal module may include curses.h" "$?" 0

# The demo's hooks into the core: only src/demo/ and the files that define
# them include demo_hooks.h.
users=$(cd "$TOP" && grep -rl '#include "demo_hooks.h"' src | sort | tr '\n' ' ')
others=$(printf '%s\n' $users | grep -v -e '^src/demo/' -e '^src/app.c$' -e '^src/repo.c$' -e '^src/repo_commit.c$' -e '^src/store_sync.c$')
equals "nothing but the demo (and the hooks' own files) includes demo_hooks.h" "$others" ""
contains "the demo does" "$users" "src/demo/"
finish
