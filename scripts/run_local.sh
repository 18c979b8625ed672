#!/bin/sh
# `make run`: the Procfile's web: process on HOST:PORT and, when reminders are configured, what
# sends them (bot.reminders): the worker: and clock: processes with REDIS_URL, else
# `flask --app bot reminders run` (no queue: due reminders are sent from that one process).
# Says which. Each of those is supervised: when it exits (a Redis outage ends an RQ worker, a
# process is killed), it is started again after a pause that doubles up to a minute (and starts
# again at a second once it has run for a minute); /healthz and the console say when the sender
# last ran. They stop with the web process.
mode=$(flask --app bot reminders mode 2>/dev/null) || mode="reminders: could not tell (see flask --app bot reminders mode)"
echo "$mode"
procfile() { sed -n "s/^$1: //p" Procfile; }

# supervise NAME COMMAND: run COMMAND, and run it again whenever it exits, with back-off.
supervise() {
    name=$1
    command=$2
    child=""
    trap 'kill $child 2>/dev/null; exit 0' TERM INT
    pause=1
    while :; do
        started=$(date +%s)
        sh -c "exec $command" &
        child=$!
        wait $child
        status=$?
        [ $(( $(date +%s) - started )) -ge 60 ] && pause=1
        echo "reminders: the $name process exited (status $status): starting it again in ${pause}s" >&2
        sleep $pause &
        wait $!
        pause=$(( pause * 2 > 60 ? 60 : pause * 2 ))
    done
}

pids=""
case "$mode" in
"reminders on: RQ"*)
    supervise worker "$(procfile worker)" & pids="$pids $!"
    supervise clock "$(procfile clock)" & pids="$pids $!"
    ;;
"reminders on:"*)
    supervise sender "flask --app bot reminders run >/dev/null" & pids="$pids $!"
    ;;
esac
trap 'kill $pids 2>/dev/null' EXIT INT TERM
sh -c "exec $(procfile web)"
