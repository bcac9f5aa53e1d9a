# A GPS field fills itself from gpsd: gpsd's own gpsfake replays an NMEA
# log of a position in Huaihua on a free port of 127.0.0.1; without a
# receiver the field says to type the position.
. "$TOP/tests/lib.sh"
. "$TOP/tests/tui/lib.sh"
station
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
gpsfake -q -P "$PORT" -c 0.5 "$TOP/tests/fixtures/huaihua.nmea" >"$T_TMP/gpsfake.log" 2>&1 &
FAKE=$!
trap 'kill $FAKE 2>/dev/null; for i in $(seq 0 $TMUX_N); do tmux -L "dwtest-$$-$i" kill-server 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
ready=0
for _ in $(seq 200); do
	python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$PORT" 2>/dev/null && { ready=1; break; }
	sleep 0.05
done
equals "gpsfake serves on 127.0.0.1" "$ready" 1

# to_gps_field: a new site form, moved down to its GPS field.
to_gps_field() {
	keys i
	wait_for "检查 · 全部状态" 5
	# Tab through the kinds of work to the first registry, the sites.
	for _ in $(seq 12); do
		head=$(screen_text | head -1)
		case "$head" in *"工地 · 全部状态"*) break ;; esac
		keys Tab
		n=0
		while [ "$(screen_text | head -1)" = "$head" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	done
	wait_for "工地 · 全部状态" 5
	keys n
	wait_for "建设工程项目" 5
	for _ in $(seq 30); do
		case "$(screen_text)" in *"g GPS定位"*) return 0 ;; esac
		keys Down
		sleep 0.05
	done
	return 1
}

DUSTWATCH_GPSD="127.0.0.1:$PORT"
export DUSTWATCH_GPSD
tui_start 100 30 --lang zh
sees "started" "今日工作"
if to_gps_field; then ok "the GPS field offers g"; else not_ok "GPS field" "$(screen_text)"; fi
keys g
sees "g fills the field from the receiver" "已定位 27.550000,109.990000"
got=$("$DW" list site --status draft --format json | jq -r '.[0].fields.position')
equals "and saves it at once" "$got" "27.550000,109.990000"

DUSTWATCH_GPSD="127.0.0.1:1"
tui_start 100 30 --lang zh
sees "again" "今日工作"
to_gps_field
keys g
sees "without a receiver it says so" "无法定位：no GPS receiver"
finish
