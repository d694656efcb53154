# Shared by kube-apiserver-env.sh and kube-node-env.sh (sourced): they define DIR, START_TIMEOUT,
# die and stop before calling these.

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Random ports rather than "bind to 0" because etcd and kube-apiserver need the number up front;
# several JVMs on the machine may run this at once, hence random rather than sequential. They are
# drawn below the kernel's ephemeral range, so no client connection can take one between the check
# and the bind (that race once failed a run with "address already in use").
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
# A kernel whose ephemeral range starts at or below 21000 leaves no such room: then use 20000-30000
# and rely on the retry below.
(( EPHEMERAL_LOW > 21000 )) || EPHEMERAL_LOW=30000
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % (EPHEMERAL_LOW - 20000) ))
    if ! port_in_use "$port" && ! grep -qx "$port" "$DIR/.ports" 2>/dev/null; then
      echo "$port" >> "$DIR/.ports"
      echo "$port"
      return 0
    fi
  done
  die "no free loopback port found"
}

kill_pidfile() {
  local file=$1
  [ -f "$file" ] || return 0
  local pid
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

wait_until() {
  local what=$1 log=$2 pidfile=$3; shift 3
  local deadline=$(( SECONDS + START_TIMEOUT ))
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      tail -n 30 "$log" >&2 || true
      stop
      # A port taken by another program since it was picked: the caller tries new ones.
      if grep -q "address already in use" "$log"; then
        return 1
      fi
      die "$what exited during startup (log: $log)"
    fi
    if (( SECONDS >= deadline )); then
      tail -n 30 "$log" >&2 || true
      stop
      die "$what not ready after ${START_TIMEOUT}s (log: $log)"
    fi
    sleep 0.5
  done
}

