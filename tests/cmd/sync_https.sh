# Sync over https:// against the smart-http setup of sync/README.md, run
# privately on 127.0.0.1: lighttpd with TLS (a self-signed certificate made
# here with openssl), basic authentication with one user per device, and
# stock git http-backend as CGI behind the README's wrapper, with
# sync/pre-receive. Checks: an unpinned certificate is refused naming its
# SHA-256 and how to pin it; pinned (dustwatch.certsha256), two laptops
# sync through it and converge; another certificate is refused; the hook
# still refuses bad pushes over https, authorising a branch by its
# signatures, not by who pushes. Nothing is lost on any refusal.
# Needs lighttpd, lighttpd-mod-openssl and openssl (tools/packages.txt).
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

LIGHTTPD=/usr/sbin/lighttpd
BACKEND=/usr/lib/git-core/git-http-backend
if [ ! -x "$LIGHTTPD" ] || [ ! -f /usr/lib/lighttpd/mod_openssl.so ] || [ ! -x "$BACKEND" ] ||
	! command -v openssl >/dev/null 2>&1; then
	not_ok "lighttpd (with mod_openssl), git http-backend and openssl are installed" \
		"run tools/deps.sh (lighttpd, lighttpd-mod-openssl, openssl, git)"
	finish
	exit 1
fi

T="$T_TMP/https"
mkdir -p "$T/www" "$T/uploads"
HTTPD_PID=""
stop_httpd() {
	if [ -n "$HTTPD_PID" ]; then
		kill "$HTTPD_PID" 2>/dev/null
		wait "$HTTPD_PID" 2>/dev/null
	fi
	HTTPD_PID=""
}
trap 'stop_httpd; stop_daemon; rm -rf "$T_TMP"' EXIT
trap 'exit 130' INT TERM

# --- two self-signed certificates: the station's, and another
# cert NAME: NAME.crt and NAME.key, self-signed, for "station" and 127.0.0.1
# (stock git's curl checks the name; libgit2 is given the pin instead).
cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj "/CN=station" -addext "subjectAltName=DNS:station,IP:127.0.0.1" \
		-keyout "$T/$1.key" -out "$T/$1.crt" 2>/dev/null
}
# pin_of NAME: the SHA-256 of the DER certificate, as sync/README.md says.
pin_of() { openssl x509 -in "$T/$1.crt" -outform der | sha256sum | cut -d' ' -f1; }
check "openssl makes the station's self-signed certificate" cert station
check "openssl makes another self-signed certificate" cert other
PIN=$(pin_of station)
OTHERPIN=$(pin_of other)
check "the two certificates differ" test "$PIN" != "$OTHERPIN"

# --- the server of sync/README.md (https: lighttpd), on a free port
DWABS=$(cd "$(dirname "$DW")" && pwd)/$(basename "$DW")
# The README's wrapper, with this build's binary; the sanitizer options are
# passed on for the hook's dustwatch (lighttpd gives CGI a bare environment).
cat >"$T/dustwatch-http-backend" <<EOF
#!/bin/sh
export DUSTWATCH_BIN=$DWABS
export LSAN_OPTIONS="${LSAN_OPTIONS:-}" ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}"
exec $BACKEND
EOF
chmod +x "$T/dustwatch-http-backend"
: >"$T/dustwatch.htpasswd"
for d in A01 A02; do printf '%s:%s\n' "$d" "$(openssl passwd -6 "pw-$d")" >>"$T/dustwatch.htpasswd"; done

# conf CERTNAME: lighttpd's config serving CERTNAME's certificate.
conf() {
	cat >"$T/lighttpd.conf" <<EOF
server.modules = ("mod_alias", "mod_openssl", "mod_auth", "mod_authn_file", "mod_setenv", "mod_cgi")
server.bind = "127.0.0.1"
server.port = $PORT
server.document-root = "$T/www"
server.upload-dirs = ("$T/uploads")
server.errorlog = "$T/error.log"
# as sync/README.md:
\$SERVER["socket"] == "127.0.0.1:$PORT" {
	ssl.engine = "enable"
	ssl.pemfile = "$T/$1.crt"
	ssl.privkey = "$T/$1.key"
	\$HTTP["url"] =~ "^/git/" {
		alias.url = ("/git/" => "$T/dustwatch-http-backend/")
		cgi.assign = ("" => "")
		setenv.set-environment = ("GIT_PROJECT_ROOT" => "$SRV", "GIT_HTTP_EXPORT_ALL" => "")
		auth.backend = "htpasswd"
		auth.backend.htpasswd.userfile = "$T/dustwatch.htpasswd"
		auth.require = ("/git/" => ("method" => "basic", "realm" => "dustwatch", "require" => "valid-user"))
	}
}
EOF
}

# served_pin: the SHA-256 of the certificate the server presents, or nothing.
served_pin() {
	timeout 5 openssl s_client -connect "127.0.0.1:$PORT" -servername station </dev/null 2>/dev/null |
		openssl x509 -outform der 2>/dev/null | sha256sum | cut -d' ' -f1
}

# start_httpd CERTNAME: starts lighttpd and waits, with a deadline, until it
# presents that certificate.
start_httpd() {
	conf "$1"
	"$LIGHTTPD" -tt -f "$T/lighttpd.conf" >"$T/conftest.log" 2>&1 || return 1
	"$LIGHTTPD" -D -f "$T/lighttpd.conf" >>"$T/lighttpd.out" 2>&1 &
	HTTPD_PID=$!
	want=$(pin_of "$1")
	deadline=$(($(date +%s) + 20))
	while [ "$(date +%s)" -lt "$deadline" ]; do
		kill -0 "$HTTPD_PID" 2>/dev/null || return 1
		[ "$(served_pin)" = "$want" ] && return 0
		sleep 0.05
	done
	return 1
}

if start_httpd station; then
	ok "lighttpd serves https on 127.0.0.1:$PORT with the station's certificate"
else
	not_ok "lighttpd serves https on 127.0.0.1:$PORT with the station's certificate" \
		"config test: $(cat "$T/conftest.log" 2>/dev/null)" "log: $(cat "$T/lighttpd.out" "$T/error.log" 2>/dev/null)"
	finish
	exit 1
fi
H="127.0.0.1:$PORT/git/central.git"
url_as() { echo "https://$1:pw-$1@$H"; }

# --- the station (the admin syncs by path) and two laptops over https
check "the admin's data directory" as ADM init --station HH --device ADM --inspector 管理员
check "station init" as ADM station init "$SRV/central.git" --remote "$SRV/central.git"
# sync/README.md: sync/pre-receive (it reads DUSTWATCH_BIN) replaces the generated hook.
cp "$TOP/sync/pre-receive" "$SRV/central.git/hooks/pre-receive" && chmod +x "$SRV/central.git/hooks/pre-receive"
for d in A01 A02; do
	check "$d's data directory, remote https" as $d init --station HH --device $d --inspector "检查员$d" --remote "$(url_as $d)"
	check "the station enrolls $d" as ADM enroll $d "$(as $d key)"
done
check "the admin syncs the device records" as ADM sync
# The password is the device's secret: kept in a file of its own, never in
# the repository's config, never printed.
fails "A01's password is not in its repository's config" grep -q pw-A01 "$T_TMP/dev-A01/repo.git/config"
equals "the remote's URL keeps the device's name" "$(git -C "$T_TMP/dev-A01/repo.git" config remote.origin.url)" \
	"https://A01@$H"
equals "the password file is readable by its user only" \
	"$(stat -c %a "$T_TMP/dev-A01/keys/remote-origin.password")" 600
listed=$(as A01 remote)
contains "dustwatch remote prints the URL" "$listed" "https://A01@$H"
fails "dustwatch remote does not print the password" sh -c 'echo "$1" | grep -q pw-A01' - "$listed"
export GIT_SSL_CAINFO="$T/station.crt" GIT_TERMINAL_PROMPT=0
check "stock git reads the station over https (basic auth, the certificate as CA)" git ls-remote "$(url_as A01)"
out=$(git ls-remote "https://A01:wrong@$H" 2>&1)
contains "with a wrong password the station refuses" "$out" "Authentication failed"

A01HOME="$T_TMP/dev-A01"
A02HOME="$T_TMP/dev-A02"
# sync_as DEV: a sync with stdout in $out, stderr in $err, exit status in $rc.
sync_as() {
	out=$(timeout 60 env DUSTWATCH_HOME="$T_TMP/dev-$1" "$DW" sync 2>"$T/err")
	rc=$?
	err=$(cat "$T/err")
}
# failed DESC: the last sync_as failed, without timing out or crashing.
failed() {
	if [ $rc -ne 0 ] && [ $rc -lt 124 ]; then ok "$1"; else not_ok "$1" "exit: $rc" "stdout: $out" "stderr: $err"; fi
}

# --- 1. no pin: the self-signed certificate is refused, naming how to pin it
S1=$(new_site A01 鹤城区迎丰路安置小区二期)
before=$(dump_of A01)
sync_as A01
failed "sync with the certificate not pinned fails"
echo "# not pinned: $err"
contains "it says the certificate is not pinned (stderr)" "$err" "https certificate of 127.0.0.1"
contains "it names the certificate's SHA-256 (stderr)" "$err" "$PIN"
contains "it gives the command that pins it (stderr)" "$err" \
	"git config -f $A01HOME/repo.git/config dustwatch.certsha256 $PIN"
contains "it says nothing is lost" "$err" "nothing is lost"
equals "nothing on stdout" "$out" ""
equals "the laptop's records and events are unchanged" "$(dump_of A01)" "$before"
equals "the new record stays on the laptop" "$(as A01 where "$S1")" "only on this laptop"
fails "nothing of A01 reached the station" git -C "$SRV/central.git" rev-parse --verify -q refs/heads/devices/A01

# --- 2. pinned: both laptops sync through https and converge
# A01 pins with sync/README.md's command; A02 with openssl's colon form.
git config -f "$A01HOME/repo.git/config" dustwatch.certsha256 "$PIN"
git config -f "$A02HOME/repo.git/config" dustwatch.certsha256 \
	"$(openssl x509 -in "$T/station.crt" -noout -fingerprint -sha256 | cut -d= -f2)"
sync_as A01
equals "A01's pinned sync over https exits 0" "$rc" 0
contains "A01 learns the station's key" "$out" "station key learned: ADM"
contains "A01 sends its record" "$out" "sent 1"
equals "the record is at the station" "$(as A01 where "$S1")" "at the station"
equals "A01's branch at the station is A01's" "$(git -C "$SRV/central.git" rev-parse refs/heads/devices/A01)" \
	"$(git -C "$A01HOME/repo.git" rev-parse refs/heads/devices/A01)"
# A wrong password in the remote's URL: a clear refusal, not libgit2's
# "no callback set".
git config -f "$A01HOME/repo.git/config" remote.origin.url "https://A01:wrong@$H"
sync_as A01
failed "a sync with a wrong password fails"
contains "it says the station refused A01's password" "$err" "refused the password of A01"
contains "it names the command that gives the right one" "$err" "dustwatch sync 'https://A01:PASSWORD@$H'"
fails "the wrong password set by hand left the config" grep -q wrong "$A01HOME/repo.git/config"
out=$(as A01 sync "$(url_as A01)" 2>&1)
contains "the command printed, with the right password, syncs" "$out" "sent 0"
fails "and the password did not go back into the config" grep -q pw-A01 "$A01HOME/repo.git/config"
S2=$(new_site A02 中方县城南还建房)
I1=$(as A01 new inspection --site "$S1" $COMPLIANT --submit)
sync_as A02
equals "A02's sync (pin in openssl's colon form) exits 0" "$rc" 0
contains "A02 receives A01's record" "$out" "A01 (1)"
contains "A02 sends its record" "$out" "sent 1"
check "A02 edits A01's site offline" as A02 set "$S1" stage=structure
check "A01 edits the same site offline" as A01 set "$S1" stage=finishing
for d in A01 A02 A01 A02; do
	sync_as $d
	[ "$rc" -eq 0 ] || not_ok "sync $d over https" "exit: $rc" "stderr: $err"
done
out=$(as ADM sync 2>&1)
contains "the admin receives both laptops' events" "$out" "from A01"
want=$(dump_of ADM)
equals "A01 has the station's database" "$(dump_of A01)" "$want"
equals "A02 has the station's database" "$(dump_of A02)" "$want"
equals "A02 has A01's inspection" "$(as A02 where "$I1")" "at the station"
equals "every site is on A02" "$(as A02 list site | wc -l)" 2
check "git fsck --strict central.git" fsck_ok "$SRV/central.git"
check "git fsck --strict A01's repo.git" fsck_ok "$A01HOME/repo.git"
check "git fsck --strict A02's repo.git" fsck_ok "$A02HOME/repo.git"
sync_as A01
contains "a second sync over https has nothing new" "$out" "sent 0, received 0"

# --- 3. another certificate served: refused, nothing lost
stop_httpd
if start_httpd other; then ok "lighttpd restarted with another certificate"; else
	not_ok "lighttpd restarted with another certificate" "log: $(cat "$T/lighttpd.out" "$T/error.log" 2>/dev/null)"
	finish
	exit 1
fi
S3=$(new_site A01 洪江市黔城镇商住楼)
before=$(dump_of A01)
central=$(git -C "$SRV/central.git" rev-parse refs/heads/devices/A01)
sync_as A01
failed "sync with another certificate than the pinned one fails"
echo "# wrong certificate: $err"
contains "it says the certificate is not the pinned one (stderr)" "$err" "is not the pinned one"
contains "it names the certificate served (stderr)" "$err" "$OTHERPIN"
contains "it names the pin (stderr)" "$err" "dustwatch.certsha256 $PIN"
equals "the laptop's records and events are unchanged" "$(dump_of A01)" "$before"
equals "the new record stays on the laptop" "$(as A01 where "$S3")" "only on this laptop"
equals "the station's branch did not move" "$(git -C "$SRV/central.git" rev-parse refs/heads/devices/A01)" "$central"
stop_httpd
if start_httpd station; then ok "lighttpd back with the station's certificate"; else
	not_ok "lighttpd back with the station's certificate"
	finish
	exit 1
fi
sync_as A01
contains "with the right certificate back, the queued record goes" "$out" "sent 1"
equals "the record is at the station now" "$(as A01 where "$S3")" "at the station"

# --- 4. the hook over https: a branch is authorised by its signatures
W="$T_TMP/w"
git clone -q "$(url_as A01)" "$W" 2>/dev/null
git -C "$W" checkout -q -B a01 origin/devices/A01
# refused DESC REF WANT: stock git's push of HEAD to REF as A01 fails, says
# WANT, and the station's ref stays.
refused() {
	before=$(git -C "$SRV/central.git" rev-parse -q --verify "$2")
	out=$(timeout 60 git -C "$W" push "$(url_as A01)" "HEAD:$2" 2>&1)
	rc=$?
	after=$(git -C "$SRV/central.git" rev-parse -q --verify "$2")
	if [ $rc -ne 0 ] && [ $rc -lt 124 ] && [ "$before" = "$after" ]; then ok "$1"; else not_ok "$1" "rc $rc" "$out"; fi
	contains "$1: the hook says why" "$out" "$3"
}
# A fast-forward of A02's branch adding nothing A02 signed (an empty commit,
# no manifest of A02's): refused, whoever pushes it.
git -C "$W" checkout -q -B a02 origin/devices/A02
git -C "$W" commit -q --allow-empty -m "nothing"
refused "A01 may not push an empty commit to A02's branch over https" refs/heads/devices/A02 \
	"adds no event of A02 and carries no manifest signed by A02"
git -C "$W" checkout -q a01
git -C "$W" commit -q --allow-empty -m "nothing either"
refused "nor to its own" refs/heads/devices/A01 "adds no event of A01 and carries no manifest signed by A01"
git -C "$W" reset -q --hard HEAD~1
refused "A01 may not make a branch of a device that is not enrolled over https" refs/heads/devices/ZZ \
	"device ZZ is not enrolled at this station"
first=$(git -C "$W" ls-tree -r --name-only HEAD | head -1)
forge edit "$W/$first" >"$T/forged"
put_file "$W" A01 "$T/forged" >/dev/null
git -C "$W" commit -qm forged
refused "a forged event on A01's own branch is refused over https" refs/heads/devices/A01 "dustwatch verify: refused"
git -C "$W" reset -q --hard HEAD~1

# Not by who pushes: A02's branch pushed with A01's password is taken, as
# the station's machine relays a laptop's branch (its signatures are A02's).
S4=$(new_site A02 怀化高铁新城综合体)
git -C "$A02HOME/repo.git" remote set-url origin "$(url_as A01)"
sync_as A02
equals "A02's events pushed with A01's password: sync exits 0" "$rc" 0
contains "and they are taken (their signatures are A02's)" "$out" "sent 1"
equals "A02's record is at the station" "$(as A02 where "$S4")" "at the station"
git -C "$A02HOME/repo.git" remote set-url origin "$(url_as A02)"

# dustwatch reports a refused push: an approval signed by A02, an inspector's
# device (test-no-roles), refused by the hook; nothing is lost.
check "test-no-roles: A02 signs an approval" as A02 test-no-roles approve "$I1"
central=$(git -C "$SRV/central.git" rev-parse refs/heads/devices/A02)
sync_as A02
equals "a push the hook refuses: sync still exits 0 (nothing lost)" "$rc" 0
contains "the refusal is reported (stderr)" "$err" "push refused, events kept for the next sync"
contains "with the hook's reason (stderr)" "$err" "approve needs a supervisor's device: A02 is an inspector's"
equals "A02's branch at the station did not move" "$(git -C "$SRV/central.git" rev-parse refs/heads/devices/A02)" "$central"
check "git fsck --strict central.git after the refusals" fsck_ok "$SRV/central.git"

finish
