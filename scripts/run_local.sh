#!/bin/sh
# `make run`: the Procfile's web: process on HOST:PORT and, when reminders are configured, what
# sends them (bot.reminders): the worker: and clock: processes with REDIS_URL, else
# `flask --app bot reminders run` (no queue: due reminders are sent from that one process).
# Says which; they stop with the web process.
mode=$(flask --app bot reminders mode 2>/dev/null) || mode="reminders: could not tell (see flask --app bot reminders mode)"
echo "$mode"
procfile() { sed -n "s/^$1: //p" Procfile; }
pids=""
case "$mode" in
"reminders on: RQ"*)
    sh -c "exec $(procfile worker)" & pids="$pids $!"
    sh -c "exec $(procfile clock)" & pids="$pids $!"
    ;;
"reminders on:"*)
    flask --app bot reminders run >/dev/null & pids="$pids $!"
    ;;
esac
trap 'kill $pids 2>/dev/null' EXIT INT TERM
sh -c "exec $(procfile web)"
