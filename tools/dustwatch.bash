# bash completion for dustwatch: commands, their options, record kinds and
# record numbers. Everything is asked of the installed program at
# completion time (dustwatch --help, CMD --help, forms list, list --format
# csv), so it follows the binary and the station's own forms. Installed as
# share/bash-completion/completions/dustwatch by `make install`.

# The commands, from the "Commands:" block of dustwatch --help.
_dustwatch_commands() {
	dustwatch --help 2>/dev/null |
		awk '/^Commands:/ { c = 1; next } c && /^  [a-z]/ { print $1 } c && /^$/ { exit }'
}

# The kinds of record in force: shipped forms and the station's own.
_dustwatch_kinds() {
	dustwatch forms list 2>/dev/null | awk '{ print $1 }'
}

# Record numbers (HH-A03-2026-0001), newest first; drafts have none.
_dustwatch_numbers() {
	dustwatch list ${1:+"$1"} --format csv --limit 5000 2>/dev/null |
		awk -F, 'NR > 1 && $2 != "" { print $2 }'
}

# The long options a command's --help names.
_dustwatch_options() {
	dustwatch "$1" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
}

_dustwatch() {
	local cur=${COMP_WORDS[COMP_CWORD]} cmd="" i nargs=0 words=""
	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) if [ -z "$cmd" ]; then cmd=${COMP_WORDS[i]}; else nargs=$((nargs + 1)); fi ;;
		esac
	done
	if [ -z "$cmd" ]; then
		case $cur in
		-*) words="--help --version" ;;
		*) words=$(_dustwatch_commands) ;;
		esac
	elif [[ $cur == -* ]]; then
		words=$(_dustwatch_options "$cmd")
	else
		case $cmd in
		new | list)
			[ $nargs -eq 0 ] && words=$(_dustwatch_kinds) ;;
		show | set | submit | approve | return | rectify | handle | reply | close | \
			reopen | void | discard | history | where)
			[ $nargs -eq 0 ] && words=$(_dustwatch_numbers) ;;
		print)
			case $nargs in
			0) words="notice placard" ;;
			1) [ "${COMP_WORDS[COMP_CWORD - 1]}" = notice ] && words=$(_dustwatch_numbers notice) ;;
			esac ;;
		qr)
			case $nargs in
			0) words="site notice" ;;
			1) [ "${COMP_WORDS[COMP_CWORD - 1]}" = notice ] && words=$(_dustwatch_numbers notice) ;;
			esac ;;
		forms)
			case $nargs in
			0) words="list check" ;;
			*) COMPREPLY=($(compgen -f -- "$cur")) ;;
			esac ;;
		station)
			case $nargs in
			0) words="init" ;;
			*) COMPREPLY=($(compgen -d -- "$cur")) ;;
			esac ;;
		remote)
			[ $nargs -eq 0 ] && words="add" ;;
		demo)
			COMPREPLY=($(compgen -d -- "$cur")) ;;
		esac
	fi
	[ -n "$words" ] && COMPREPLY=($(compgen -W "$words" -- "$cur"))
	return 0
}
complete -F _dustwatch dustwatch
