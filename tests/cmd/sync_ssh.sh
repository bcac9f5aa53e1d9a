# Sync over ssh:// against a private OpenSSH sshd on 127.0.0.1: the
# laptop's Ed25519 key (keys/ssh_ed25519), the pinned host key
# (dustwatch.hostkeysha256), the forced command of sync/README.md; a wrong
# host key and an unknown user key fail clearly, quickly, losing nothing.
# Needs /usr/sbin/sshd (openssh-server, in tools/packages.txt) and root
# (PermitRootLogin prohibit-password: the ssh user is the current user).
# Full stacks under ASan, so that tests/lsan.supp can name the libgit2
# function whose ssh transport leaks (a few bytes a connection, not ours).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
. "$TOP/tests/lib.sh"
. "$TOP/tests/cmd/sync_lib.sh"

SSHD=/usr/sbin/sshd
if [ ! -x "$SSHD" ] || ! command -v ssh-keygen >/dev/null 2>&1; then
	not_ok "sshd and ssh-keygen are installed" "missing $SSHD or ssh-keygen: run tools/deps.sh (openssh-server, openssh-client)"
	finish
	exit 1
fi
ME=$(id -un)

T="$T_TMP/ssh"
mkdir -p "$T"
SSHD_PID=""
stop_sshd() {
	[ -z "$SSHD_PID" ] && [ -s "$T/sshd.pid" ] && SSHD_PID=$(cat "$T/sshd.pid")
	[ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null
	SSHD_PID=""
}
trap 'stop_sshd; stop_daemon; rm -rf "$T_TMP"' EXIT
trap 'exit 130' INT TERM

# hexpin PUBFILE: the SHA-256 of the key blob in hex, what libgit2 reports.
hexpin() { cut -d' ' -f2 "$1" | base64 -d | sha256sum | cut -d' ' -f1; }

# --- a private sshd
ssh-keygen -q -t ed25519 -N '' -C host -f "$T/hostkey" || exit 1
ssh-keygen -q -t ed25519 -N '' -C other-host -f "$T/otherhostkey" || exit 1
: >"$T/authorized_keys"
cat >"$T/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $T/hostkey
AuthorizedKeysFile $T/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
MaxAuthTries 6
LogLevel DEBUG1
PidFile $T/sshd.pid
EOF
mkdir -p /run/sshd
check "sshd accepts the config" "$SSHD" -t -f "$T/sshd_config"
"$SSHD" -f "$T/sshd_config" -E "$T/sshd.log"
ready=0
deadline=$(($(date +%s) + 20))
while [ "$(date +%s)" -lt "$deadline" ]; do
	if [ -s "$T/sshd.pid" ] && ssh-keyscan -T 2 -t ed25519 -p "$PORT" 127.0.0.1 2>/dev/null | grep -q ssh-ed25519; then
		ready=1
		break
	fi
	sleep 0.05
done
if [ $ready = 1 ]; then
	SSHD_PID=$(cat "$T/sshd.pid")
	ok "sshd listens on 127.0.0.1:$PORT"
else
	not_ok "sshd listens on 127.0.0.1:$PORT" "log: $(cat "$T/sshd.log" 2>/dev/null)"
	finish
	exit 1
fi
SSH_URL="ssh://$ME@127.0.0.1:$PORT$SRV/central.git"
PIN=$(hexpin "$T/hostkey.pub")

# --- the station (the admin syncs by path) and a laptop with an ssh key
check "the admin's data directory" as ADM init --station HH --device ADM --inspector 管理员
check "station init" as ADM station init "$SRV/central.git" --remote "$SRV/central.git"
check "the laptop's data directory" as LAP init --station HH --device LAP --inspector 检查员 --remote "$SSH_URL"
LAPHOME="$T_TMP/dev-LAP"
mkdir -p "$LAPHOME/keys"
ssh-keygen -q -t ed25519 -N '' -C LAP -f "$LAPHOME/keys/ssh_ed25519" || exit 1
# The forced command of sync/README.md: git and nothing else.
printf 'command="git-shell -c \\"$SSH_ORIGINAL_COMMAND\\"",no-pty,no-port-forwarding,no-agent-forwarding %s\n' \
	"$(cat "$LAPHOME/keys/ssh_ed25519.pub")" >>"$T/authorized_keys"
# sync/README.md: sync/pre-receive replaces the
# generated hook (here with the binary's path filled in, as station init does).
DWABS=$(cd "$(dirname "$DW")" && pwd)/$(basename "$DW")
sed "s|\${DUSTWATCH_BIN:-dustwatch}|$DWABS|" "$TOP/sync/pre-receive" >"$SRV/central.git/hooks/pre-receive"
chmod +x "$SRV/central.git/hooks/pre-receive"
check "the station enrolls the laptop" as ADM enroll LAP "$(as LAP key)"
check "the admin syncs the device record" as ADM sync

# --- no pin: an unknown host key is refused (libgit2 has no known_hosts)
S1=$(new_site LAP 鹤城区迎丰路安置小区二期)
out=$(timeout 30 env DUSTWATCH_HOME="$LAPHOME" "$DW" sync 2>&1)
rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 124 ]; then ok "sync with no pinned host key fails"; else not_ok "sync with no pinned host key fails" "exit: $rc" "output: $out"; fi
contains "it says the host key is not trusted" "$out" "host key"

# --- pinned: the laptop syncs over ssh
git -C "$LAPHOME/repo.git" config dustwatch.hostkeysha256 "$PIN"
out=$(timeout 60 env DUSTWATCH_HOME="$LAPHOME" "$DW" sync 2>&1)
rc=$?
equals "sync over ssh exits 0" "$rc" 0
contains "sync over ssh sends the record" "$out" "sent 1"
contains "sync over ssh learns the station's key" "$out" "station key learned: ADM"
equals "the record is at the station" "$(as LAP where "$S1")" "at the station"
check "the laptop's branch is at the station" git -C "$SRV/central.git" rev-parse --verify -q refs/heads/devices/LAP
out=$(as ADM sync 2>&1)
contains "the admin receives the laptop's record" "$out" "received 1"
check "the admin sees the record" as ADM show "$S1"
equals "the laptop has the station's database" "$(dump_of LAP)" "$(dump_of ADM)"
check "git fsck --strict central.git" fsck_ok "$SRV/central.git"
check "git fsck --strict the laptop's repo.git" fsck_ok "$LAPHOME/repo.git"
out=$(timeout 60 env DUSTWATCH_HOME="$LAPHOME" "$DW" sync 2>&1)
contains "a second sync over ssh has nothing new" "$out" "sent 0, received 0"

# --- a wrong host key pinned: fails clearly, loses nothing
S2=$(new_site LAP 中方县城南还建房)
git -C "$LAPHOME/repo.git" config dustwatch.hostkeysha256 "$(hexpin "$T/otherhostkey.pub")"
before=$(dump_of LAP)
central=$(git -C "$SRV/central.git" rev-parse refs/heads/devices/LAP)
out=$(timeout 30 env DUSTWATCH_HOME="$LAPHOME" "$DW" sync 2>&1)
rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 124 ]; then ok "sync with a wrong pinned host key fails"; else not_ok "sync with a wrong pinned host key fails" "exit: $rc" "output: $out"; fi
contains "it says the host key does not match" "$out" "host key"
echo "# wrong host key: $out"
equals "the laptop's records and events are unchanged" "$(dump_of LAP)" "$before"
equals "the new record stays on the laptop" "$(as LAP where "$S2")" "only on this laptop"
equals "the station's branch did not move" "$(git -C "$SRV/central.git" rev-parse refs/heads/devices/LAP)" "$central"
git -C "$LAPHOME/repo.git" config dustwatch.hostkeysha256 "$PIN"

# --- a user key not in authorized_keys: an authentication error, capped
mv "$LAPHOME/keys/ssh_ed25519" "$T/good_key"
mv "$LAPHOME/keys/ssh_ed25519.pub" "$T/good_key.pub"
ssh-keygen -q -t ed25519 -N '' -C stranger -f "$LAPHOME/keys/ssh_ed25519" || exit 1
start=$(date +%s)
out=$(timeout 30 env DUSTWATCH_HOME="$LAPHOME" "$DW" sync 2>&1)
rc=$?
took=$(($(date +%s) - start))
if [ $rc -ne 0 ] && [ $rc -lt 124 ]; then ok "sync with an unknown user key fails (in ${took}s)"; else not_ok "sync with an unknown user key fails" "exit: $rc (124: timed out)" "output: $out"; fi
contains "it says authentication failed" "$out" "authentication failed"
echo "# unknown user key: $out"
tries=$(grep -c 'Failed publickey' "$T/sshd.log")
check "the client gave up after at most 3 tries (sshd saw $tries)" test "$tries" -le 3
equals "the record still stays on the laptop" "$(as LAP where "$S2")" "only on this laptop"

# --- the right key again: the pending record goes
mv "$T/good_key" "$LAPHOME/keys/ssh_ed25519"
mv "$T/good_key.pub" "$LAPHOME/keys/ssh_ed25519.pub"
out=$(timeout 60 env DUSTWATCH_HOME="$LAPHOME" "$DW" sync 2>&1)
contains "after the failures the laptop syncs" "$out" "sent 1"
equals "the record is at the station now" "$(as LAP where "$S2")" "at the station"

# --- stock git over ssh: the hook judges what is pushed, not who pushes
printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$T/hostkey.pub")" >"$T/known_hosts"
export GIT_SSH_COMMAND="ssh -F /dev/null -i $LAPHOME/keys/ssh_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=$T/known_hosts -o StrictHostKeyChecking=yes"
out=$(timeout 30 git -C "$LAPHOME/repo.git" push "$SSH_URL" refs/heads/devices/LAP:refs/heads/devices/XX 2>&1)
rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 124 ]; then ok "a push to another device's branch is refused"; else not_ok "a push to another device's branch is refused" "exit: $rc" "output: $out"; fi
contains "the hook says why" "$out" "device XX is not enrolled at this station"
fails "the other branch is not at the station" git -C "$SRV/central.git" rev-parse --verify -q refs/heads/devices/XX
unset GIT_SSH_COMMAND

finish
