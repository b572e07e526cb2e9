#!/bin/bash
# scripts/rss-start.sh BINARY DB [fresh]: start the TUI in tmux (with "fresh"
# the backup folder next to DB is DELETED first, so the daily backup runs –
# only for a demo database!), sample every
# 100 ms for 12 s: RSS and the mapped pages of the database and the backup;
# report the start peak, the peak after it (backup + check), VmHWM and when
# the status line reports the daily backup. Linux, needs tmux and bc.
BIN=$1; DB=$2; S=tui$$
if [ "$3" = fresh ]; then
  case "$DB" in *demo*|*big*|/tmp/*) rm -rf "$(dirname "$DB")/stabsstelle-backups" ;;
  *) echo "fresh only for demo databases (/tmp/…, *demo*, *big*)" >&2; exit 2 ;; esac
fi
sync; sleep 1
tmux new-session -d -s $S -x 120 -y 40 "$BIN --db $DB; sleep 60"
for w in $(seq 1 100); do PID=$(pgrep -n -f "^$BIN --db $DB") && break; sleep 0.01; done
t0=$EPOCHREALTIME; done_at=-; startmax=0; aftermax=0; dropped=0; bakmax=0
for i in $(seq 1 120); do
  read rss m b < <(awk -v db="$DB" '
    /^[0-9a-f]+-[0-9a-f]+ / { cur = ($6 == db) ? "m" : (($6 ~ /stabsstelle-backups/) ? "b" : "o"); next }
    /^Rss:/ { r[cur] += $2; t += $2 }
    END { printf "%d %d %d", t/1024, r["m"]/1024, r["b"]/1024 }' /proc/$PID/smaps)
  t=$(echo "$EPOCHREALTIME - $t0" | bc)
  if [ $dropped = 0 ] && [ $i -gt 5 ] && [ $m -lt 5 ]; then dropped=$t; fi
  if [ $dropped = 0 ]; then [ $rss -gt $startmax ] && startmax=$rss; else [ $rss -gt $aftermax ] && aftermax=$rss; fi
  [ $b -gt $bakmax ] && bakmax=$b
  if [ "$done_at" = - ] && tmux capture-pane -p -t $S | grep -q "Sicherung geschrieben"; then done_at=$t; fi
  sleep 0.1
done
hwm=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$PID/status)
echo "start peak ${startmax} MB (list pages dropped at ${dropped}s); after: peak ${aftermax} MB, backup pages max ${bakmax} MB; VmHWM ${hwm} MB; status 'Sicherung geschrieben' at ${done_at}s; now $(ps -o rss= -p $PID | awk '{print int($1/1024)}') MB"
tmux kill-session -t $S
