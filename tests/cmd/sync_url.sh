# sync given a URL or a stick's path instead of a remote's name: the
# configured remote with that URL is used; an unknown one is added under a
# name derived from it, and said. A name that is neither is refused with
# commands that work as printed.
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

station_with A01 A02
as A02 sync >/dev/null
out=$(as A01 sync "$URL")
contains "sync by the station's URL uses origin" "$out" "sync origin:"
equals "no remote is added for origin's URL" "$(as A01 remote | wc -l)" 1
out=$(as A01 sync "git://127.0.0.1:$PORT/central.git/")
contains "a trailing slash is the same URL" "$out" "sync origin:"

# A laptop without the station as a remote syncs by URL once: the remote is added.
as B01 init --station HH --device B01 --inspector 检查员B >/dev/null
as ADM enroll B01 "$(as B01 key)" >/dev/null
as ADM sync >/dev/null
out=$(as B01 sync "$URL" 2>&1)
contains "an unknown URL is added under a derived name and said" "$out" "added remote 'central' for $URL"
contains "and synced" "$out" "sync central: sent"
contains "the remote is listed" "$(as B01 remote)" "central	$URL"
out=$(as B01 sync "$URL" 2>&1)
lacks "the second time it is not added again" "$out" "added remote"
contains "the second time it uses it" "$out" "sync central:"

# A stick by its path: made on first use, added as a remote, carries events.
S1=$(new_site A01 鹤城区迎丰路安置小区二期)
mkdir -p "$T_TMP/media/usb"
out=$(as A01 sync "$T_TMP/media/usb/HH.git" 2>&1)
contains "a stick's path is added as remote HH" "$out" "added remote 'HH' for $T_TMP/media/usb/HH.git"
contains "and A01's site goes onto the stick" "$out" "sync HH: sent"
check "the stick holds a bare repository" test -f "$T_TMP/media/usb/HH.git/HEAD"
out=$(cd "$T_TMP/media" && as A02 sync usb/HH.git 2>&1)
contains "a relative path is made absolute" "$out" "added remote 'HH' for $T_TMP/media/usb/HH.git"
check "A02 got A01's site from the stick" as A02 show "$S1"
out=$(as A02 sync "$T_TMP/media/usb/HH.git/" 2>&1)
lacks "the same path again uses the remote" "$out" "added remote"
# Another stick with the same folder name gets its own name.
out=$(as A02 sync "$T_TMP/other/HH.git" 2>&1)
contains "a second HH is HH-2" "$out" "added remote 'HH-2'"

# A name that is no remote: the error's commands work as printed.
out=$(as A01 sync nosuch 2>&1)
rc=$?
equals "an unknown name fails" "$rc" 1
contains "it says what is wrong" "$out" "no remote 'nosuch'"
lacks "it does not put a URL where the name goes" "$out" "remote add nosuch URL"
for c in $(printf '%s' "$out" | grep -o "'dustwatch [^']*'" | tr -d "'" | tr ' ' '~'); do
	c=$(printf '%s' "$c" | tr '~' ' ')
	case "$c" in *STATION*|*HOST*) c=$(printf '%s' "$c" | sed "s#/media/usb/STATION.git#$T_TMP/media/usb/HH.git#; s#git://HOST/PATH#$URL#") ;; esac
	check "the suggested '$c' works" as A01 ${c#dustwatch }
done
finish
