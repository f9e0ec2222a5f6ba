# xtf-harness's host agent: every program the harness runs on a Xen host, in one POSIX sh file.
#
# A request's program is this file's helpers (before the first verb_ function), the verb's function
# (and a carried request's), and dispatch, without comments or blank lines: AgentScript assembles it,
# since dropbear refuses a command over 9000 bytes (MAX_CMD_LEN, sysoptions.h) and the whole file
# quoted for ssh is larger. So each verb_ function starts at `verb_NAME() {` and ends at a `}` line,
# both at column 0, and calls only the helpers above the verbs.
#
# Sent as `sh -c "$AGENT" xtf-harness-agent VERB ARGS...`: every value (paths, names, xl's words)
# arrives as an argument, never in this text, so nothing a user or a guest wrote is ever parsed by
# a shell. Runs under dash, bash and busybox sh (a Xen dom0 may have only busybox). The Java side
# writes and reads each request and reply in org.xtfharness.agent (AgentRequest, AgentOutput).
#
# Word lists of any length (xl's command, the watch command) go as COUNT WORDS...; where one must
# be run, `eval` sees only "${K}" references built from numbers, never a value.

# Starts each step line a multi-step verb prints on stdout, so a failure or a hang is known to be
# that step's. Read by AgentScript from this line: defined here only.
step='@@xtf-harness-step'

mark_step() { printf '%s %s\n' "$step" "$1"; }

# Fails the request unless $1 is a count: counts reach arithmetic, which must see only digits.
count() {
    case $1 in ''|*[!0-9]*) echo "xtf-harness-agent: not a count: '$1'" >&2; exit 2 ;; esac
}

# The positional references "${FROM}" ... "${FROM+COUNT-1}", for eval.
refs() {
    from=$1; count=$2; out=; k=$from
    while [ "$k" -lt $((from + count)) ]; do out="$out \"\${$k}\""; k=$((k + 1)); done
    printf '%s' "$out"
}

# `xl list`'s line of domain NAME (and id ID, unless empty) in LISTING: prints `at STATE` (STATE
# the state letters, the fifth column) or nothing when the domain is not listed. The one place the
# agent reads xl list's columns (tools/xl/xl_info.c list_domains: name, id, mem, vcpus, state, time).
listed() {
    printf '%s\n' "$1" | awk -v name="$2" -v id="$3" '$1 == name && (id == "" || $2 == id) { print "at " $5; exit }'
}

# The settle's clock in milliseconds, the log's size, and whether its output is known complete.
ms() {
    if read -r up rest 2>/dev/null </proc/uptime; then
        case $up in *.??) ;; *) return 1 ;; esac
        echo $(( ${up%.*} * 1000 + 1${up#*.} * 10 - 1000 )); return
    fi
    t=$(date +%s%N 2>/dev/null) || return 1
    case $t in ''|*[!0-9]*) return 1 ;; esac
    echo $((t / 1000000))
}

size() { stat -L -c %s -- "$path" 2>/dev/null || echo gone; }

log_complete() {
    case $end in ???s-?) ;; *) return 1 ;; esac
    now=$(size); [ "$now" != gone ] && [ "$now" -gt "$from" ] || return 1
    [ "$(tail -c 1 -- "$path" | od -An -tx1 | tr -d ' ')" = 0a ] || return 1
    l=$(tail -c 256 -- "$path" | tr -d '\r' | tail -n 1); l=${l#\[*\] }
    case $l in "Test result: "SUCCESS|"Test result: SUCCESS with warnings") ;;
        "Test result: "SKIP|"Test result: "ERROR|"Test result: "FAILURE) ;; *) return 1 ;; esac
}

# create NXL XL-WORDS... NARGS ARGS... [CARRIED-VERB ARGS...]: `XL ARGS` (xl create -p ...), then
# `XL list` (the new id, the domain still paused), then the carried request, whose output, whatever
# its bytes, is all that follows its step line. Exits with the failing step's status.
verb_create() {
    # Assigned by eval from the argument at a computed position (set first for readers and linters).
    count "$1"; nxl=$1; nargs=; eval "nargs=\${$((nxl + 2))}"; count "$nargs"
    xl=$(refs 2 "$nxl")
    create=$(refs $((nxl + 3)) "$nargs")
    carried=$(refs $((nxl + nargs + 3)) $(($# - nxl - nargs - 2)))
    mark_step create
    eval "$xl $create" || exit
    mark_step list
    eval "$xl list" || exit
    if [ -z "$carried" ]; then exit 0; fi
    mark_step carried
    eval "dispatch $carried"
}

# run NXL XL-WORDS... NWATCH WATCH-WORDS... ID NAME SECONDS [CARRIED-VERB ARGS...]: sets
# `timeout SECONDS WATCH @releaseDomain` first; at the event xenstored fires when a watch is set
# (the domain still paused: nothing to miss) `XL unpause ID`; then a listing at each event until
# the domain is shut down or gone; then at once the carried request, given one more argument: the
# domain's state letters in that listing, or `gone`. Without timeout or the watch program it
# unpauses, prints the step `no-watch` and stops.
verb_run() {
    count "$1"; nxl=$1; nw=; eval "nw=\${$((nxl + 2))}"; count "$nw"
    xl=$(refs 2 "$nxl")
    watch=$(refs $((nxl + 3)) "$nw")
    at=$((nxl + nw + 3))
    id=; name=; program=
    # shellcheck disable=SC2034 # read by the eval that starts the watch
    secs=
    eval "id=\${$at}; name=\${$((at + 1))}; secs=\${$((at + 2))}; program=\${$((nxl + 3))}"
    carried=$(refs $((at + 3)) $(($# - at - 2)))
    if ! command -v timeout >/dev/null 2>&1 || ! command -v "$program" >/dev/null 2>&1; then
        mark_step unpause
        eval "$xl unpause \"\$id\"" || exit
        mark_step no-watch
        exit 0
    fi
    { eval "exec timeout \"\$secs\" $watch @releaseDomain" & echo "pid $!"; wait; } | {
        pid=; armed=
        stop() {
            while [ -z "$pid" ] && read -r event; do
                case $event in "pid "*) pid=${event#pid } ;; esac
            done
            kill "$pid" 2>/dev/null
        }
        while read -r event; do
            case $event in "pid "*) pid=${event#pid }; continue ;; esac
            if [ -z "$armed" ]; then
                armed=1
                mark_step unpause
                eval "$xl unpause \"\$id\"" || { s=$?; stop; exit "$s"; }
                mark_step wait
                continue
            fi
            listing=$(eval "$xl list") || { s=$?; stop; exit "$s"; }
            state=$(listed "$listing" "$name" "$id"); state=${state#at }
            # It has ended when shut down or gone.
            case $state in ???s*|'') ;; *) continue ;; esac
            stop
            mark_step end
            printf '%s\n' "$listing"
            if [ -z "$carried" ]; then exit 0; fi
            mark_step carried
            eval "dispatch $carried \"\${state:-gone}\""
            exit
        done
        if [ -z "$armed" ]; then exit 1; fi
        mark_step deadline
    }
}

# destroy NXL XL-WORDS... NAME EVIDENCE: with EVIDENCE = yes first `XL list -l NAME` and `XL dmesg`
# (best effort: a failure is marked and it goes on), then `XL destroy NAME`, then `XL list` until
# the name is gone.
verb_destroy() {
    count "$1"; nxl=$1; shift
    xl=$(refs 1 "$nxl")
    name=; evidence=
    eval "name=\${$((nxl + 1))}; evidence=\${$((nxl + 2))}"
    if [ "$evidence" = yes ]; then
        mark_step describe
        eval "$xl list -l \"\$name\"" || mark_step describe-failed
        mark_step dmesg
        eval "$xl dmesg" || mark_step dmesg-failed
    fi
    mark_step destroy
    eval "$xl destroy \"\$name\"" || exit
    mark_step gone
    while listing=$(eval "$xl list"); do
        if [ -z "$(listed "$listing" "$name" '')" ]; then exit 0; fi
        sleep 0.02 2>/dev/null || sleep 1
    done
}

# mark DIR PATH BYTES: the xenconsoled log's mark. Prints `present DEVICE INODE SIZE MODE` and the
# last BYTES bytes before SIZE (its fingerprint), or one word: absent, nodir or notregular.
verb_mark() {
    fingerprint=$3
    if [ ! -d "$1" ]; then echo nodir; exit 0; fi
    if [ ! -e "$2" ]; then echo absent; exit 0; fi
    if [ ! -f "$2" ]; then echo notregular; exit 0; fi
    s=$(stat -L -c '%d %i %s %f' -- "$2") || exit
    # shellcheck disable=SC2086 # the four numbers stat printed, split on purpose
    set -- "$2" $s
    n=$4; if [ "$n" -gt "$fingerprint" ]; then n=$fingerprint; fi
    echo "present $2 $3 $4 $5"
    exec dd if="$1" bs="$fingerprint" iflag=skip_bytes,count_bytes skip=$(($4 - n)) count="$n" status=none
}

# settle PATH QUIET-MS MAX-MS FROM FINGERPRINT-LENGTH KEEP END: waits, on the host's clock, until
# the log's size has not changed for QUIET-MS (at most MAX-MS), counted from now, which is after
# the domain's end was seen (xenconsoled frees the ring before it writes the log:
# tools/console/daemon/io.c buffer_append). No wait where the output is known complete: END (the
# domain's state letters, or gone) says it powered off cleanly, and the log grew since FROM and
# ends in a whole XTF result line. The clock is /proc/uptime (read by the shell, no process;
# busybox's date has no %N), 10 ms added to the quiet period so its 10 ms steps never shorten it,
# else `date +%s%N`. Prints `log DEVICE INODE SIZE MODE settled|unsettled`, the FINGERPRINT-LENGTH
# bytes before FROM and the last bytes from FROM (at most KEEP); or one word: noclock, absent,
# notregular or shrunk.
verb_settle() {
    path=$1; quiet=$2; max=$3; from=$4; fp=$5; keep=$6; end=$7
    state=settled; res=0
    if read -r up rest 2>/dev/null </proc/uptime; then res=10; fi
    if ! log_complete; then
        start=$(ms) || { echo noclock; exit 0; }
        last=$(size); changed=$start
        while :; do
            now=$(ms) || { echo noclock; exit 0; }
            if [ $((now - changed)) -ge $((quiet + res)) ]; then break; fi
            if [ $((now - start)) -ge "$max" ]; then state=unsettled; break; fi
            sleep 0.01 2>/dev/null || { echo noclock; exit 0; }
            s=$(size)
            if [ "$s" != "$last" ]; then last=$s; changed=$(ms) || { echo noclock; exit 0; }; fi
        done
    fi
    if [ ! -e "$path" ]; then echo absent; exit 0; fi
    if [ ! -f "$path" ]; then echo notregular; exit 0; fi
    s=$(stat -L -c '%d %i %s %f' -- "$path") || exit
    # shellcheck disable=SC2086 # the four numbers stat printed, split on purpose
    set -- $s
    if [ "$3" -lt "$from" ]; then echo shrunk; exit 0; fi
    t=$(($3 - keep)); if [ "$t" -lt "$from" ]; then t=$from; fi
    echo "log $1 $2 $3 $4 $state"
    dd if="$path" bs=65536 iflag=skip_bytes,count_bytes skip=$((from - fp)) count="$fp" status=none || exit
    exec dd if="$path" bs=65536 iflag=skip_bytes,count_bytes skip="$t" count=$(($3 - t)) status=none
}

# stat PATH: `DEVICE INODE SIZE MODE`, or `absent` so a missing file is told from a failing stat.
verb_stat() {
    if [ ! -e "$1" ]; then echo absent; exit 0; fi
    exec stat -L -c '%d %i %s %f' -- "$1"
}

# read PATH OFFSET LENGTH: the bytes; exit 66 for no such file, 67 for one that is not regular
# (never opened: a FIFO would block the read until its deadline).
verb_read() {
    if [ ! -e "$1" ]; then exit 66; fi
    if [ ! -f "$1" ]; then exit 67; fi
    exec dd if="$1" bs=65536 iflag=skip_bytes,count_bytes skip="$2" count="$3" status=none
}

# list DIR: the entries' names, each ended by NUL, so any byte but NUL and '/' in a name survives.
verb_list() {
    if [ ! -e "$1" ]; then exit 0; fi
    cd -- "$1" || exit 1
    for f in .* *; do
        case $f in .|..) continue ;; esac
        if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
    done
}

# tree DIR FILE MAXBYTES: NUL-separated records, `N NAME` for an entry that is no directory,
# `D NAME` for a subdirectory, then `C NAME` for each of its entries and, for its FILE, `F HEX`
# (the first MAXBYTES bytes, regular files only), `T` (a directory) or `O` (anything else);
# nothing for a link to nothing.
verb_tree() {
    cd -- "$1" || exit 3
    for e in .* *; do
        case $e in .|..) continue ;; esac
        if [ ! -e "$e" ] && [ ! -L "$e" ]; then continue; fi
        if [ ! -d "$e" ]; then printf 'N\0%s\0' "$e"; continue; fi
        printf 'D\0%s\0' "$e"
        for c in "$e"/.* "$e"/*; do
            n=${c#"$e"/}
            case $n in .|..) continue ;; esac
            if [ -e "$c" ] || [ -L "$c" ]; then printf 'C\0%s\0' "$n"; fi
        done
        f=$e/$2
        if [ -f "$f" ]; then
            printf 'F\0'
            dd if="$f" bs=65536 iflag=count_bytes count="$3" status=none | od -An -v -tx1 | tr -d ' \n'
            printf '\0'
        elif [ -d "$f" ]; then printf 'T\0'
        elif [ -e "$f" ]; then printf 'O\0'
        fi
    done
}

# lock-acquire PATH OWNER: mkdir is atomic on every local file system. Exit 0 taken; 3 held (the
# owner file's text printed), 4 the owner file could not be written; else mkdir's failure.
verb_lock_acquire() {
    if mkdir "$1" 2>/dev/null; then
        printf '%s\n' "$2" >"$1/owner" || { rmdir "$1"; exit 4; }
        exit 0
    fi
    if [ -d "$1" ]; then cat "$1/owner" 2>/dev/null; exit 3; fi
    mkdir "$1"
}

# lock-release PATH OWNER: removes exactly what lock-acquire made, only while OWNER holds it.
verb_lock_release() {
    if [ "$(cat "$1/owner" 2>/dev/null)" = "$2" ]; then rm -f "$1/owner" && rmdir "$1"; fi
}

# find-xenconsoled ROOT: the ROOT/proc/PID/comm paths of processes named xenconsoled.
verb_find_xenconsoled() {
    for c in "$1"/proc/[0-9]*/comm; do
        n=
        IFS= read -r n 2>/dev/null <"$c" || continue
        if [ "$n" = xenconsoled ]; then printf '%s\n' "$c"; fi
    done
    exit 0
}

# console-notify XENCONSOLE TYPE DOMID: xenconsole with a start-notify fd 3 that is a copy of
# stdout, so the notify byte is the first byte out and the console's bytes follow; fd 3 being a
# duplicate, xenconsole closing it after notifying leaves stdout open. Java cannot hand a child an
# arbitrary fd, and a FIFO would need a private directory on the host and its cleanup.
verb_console_notify() {
    exec "$1" --start-notify-fd=3 --type "$2" "$3" 3>&1
}

# console-pid XENCONSOLE TYPE DOMID: before Xen 4.8 (no notify fd): this shell's pid, which exec
# hands to xenconsole, then xenconsole.
verb_console_pid() {
    echo "$$"
    exec "$1" --type "$2" "$3"
}

# holds PID TTY: exit 0 when process PID has TTY open.
verb_holds() {
    for f in /proc/"$1"/fd/*; do
        [ "$(readlink "$f" 2>/dev/null)" = "$2" ] && exit 0
    done
    exit 1
}

dispatch() {
    verb=$1; shift
    case $verb in
        create) verb_create "$@" ;;
        run) verb_run "$@" ;;
        destroy) verb_destroy "$@" ;;
        mark) verb_mark "$@" ;;
        settle) verb_settle "$@" ;;
        stat) verb_stat "$@" ;;
        read) verb_read "$@" ;;
        list) verb_list "$@" ;;
        tree) verb_tree "$@" ;;
        lock-acquire) verb_lock_acquire "$@" ;;
        lock-release) verb_lock_release "$@" ;;
        find-xenconsoled) verb_find_xenconsoled "$@" ;;
        console-notify) verb_console_notify "$@" ;;
        console-pid) verb_console_pid "$@" ;;
        holds) verb_holds "$@" ;;
        *) echo "xtf-harness-agent: no verb '$verb'" >&2; exit 2 ;;
    esac
}

dispatch "$@"
