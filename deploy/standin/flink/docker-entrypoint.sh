#!/usr/bin/env bash
# Stand-in for the official Flink image's /docker-entrypoint.sh (flink-docker), for images built on
# this machine without a registry (deploy/README.md, "Containers here"). It takes the same commands
# and environment: jobmanager, standalone-job, taskmanager (each with its arguments), help, or any
# other command run as is; FLINK_PROPERTIES, JOB_MANAGER_RPC_ADDRESS,
# TASK_MANAGER_NUMBER_OF_TASK_SLOTS, ENABLE_BUILT_IN_PLUGINS, DISABLE_JEMALLOC. The distribution's
# bin/ scripts are in no Maven artifact, so this script does what they do with Flink's own Java
# helpers (BashJavaUtils): it merges the configuration, works out the memory options and starts
# the entry class in the foreground.
set -euo pipefail

export FLINK_HOME="${FLINK_HOME:-/opt/flink}"
export FLINK_CONF_DIR="${FLINK_CONF_DIR:-$FLINK_HOME/conf}"
export FLINK_LIB_DIR="$FLINK_HOME/lib"
export FLINK_OPT_DIR="$FLINK_HOME/opt"
export FLINK_PLUGINS_DIR="$FLINK_HOME/plugins"
export FLINK_BIN_DIR="$FLINK_HOME/bin"
export FLINK_LOG_DIR="${FLINK_LOG_DIR:-$FLINK_HOME/log}"

JOB_MANAGER_RPC_ADDRESS="${JOB_MANAGER_RPC_ADDRESS:-$(hostname -f 2>/dev/null || hostname)}"
RESULT_PREFIX="BASH_JAVA_UTILS_EXEC_RESULT:"

# Like the official image: start as root, run Flink as the flink user.
drop_privs() {
  if [ "$(id -u)" = 0 ]; then
    echo setpriv --reuid=flink --regid=flink --init-groups
  fi
}

# lib/*.jar in name order: the class path Flink's scripts build (less flink-dist, which no Maven
# artifact of Flink 2.2 is; its classes come from the separate module jars here).
class_path() {
  local jars=("$FLINK_LIB_DIR"/*.jar)
  local IFS=:
  echo "${jars[*]}"
}

# Runs a BashJavaUtils command and prints its result lines, without the prefix.
java_utils() {
  local out
  if ! out=$(java -cp "$(class_path)" org.apache.flink.runtime.util.bash.BashJavaUtils "$@" 2>&1); then
    echo "$out" >&2
    echo "docker-entrypoint: BashJavaUtils $1 failed" >&2
    exit 1
  fi
  grep "^$RESULT_PREFIX" <<<"$out" | sed "s/^$RESULT_PREFIX//"
}

# key value key value ...: written into conf/config.yaml, as bin/config-parser-utils.sh does.
set_config_options() {
  local params=()
  while [ $# -gt 0 ]; do
    params+=("-D$1=$2")
    shift 2
  done
  if [ ${#params[@]} -gt 0 ]; then
    java_utils UPDATE_AND_GET_FLINK_CONFIGURATION --configDir "$FLINK_CONF_DIR" "${params[@]}" \
      >"$FLINK_CONF_DIR/config.yaml.tmp"
    mv "$FLINK_CONF_DIR/config.yaml.tmp" "$FLINK_CONF_DIR/config.yaml"
  fi
}

# FLINK_PROPERTIES: one `key: value` a line; whitespace is deleted (so a value is one word) and
# variables are expanded. Printed as key value pairs.
flink_properties() {
  local prop key value
  while IFS= read -r prop; do
    prop=$(tr -d '[:space:]' <<<"$prop")
    [ -z "$prop" ] && continue
    IFS=':' read -r key value <<<"$prop"
    printf '%s\n%s\n' "$key" "$(envsubst <<<"$value")"
  done <<<"$1"
}

# The image's settings, then FLINK_PROPERTIES (which win), in one update of config.yaml.
prepare_configuration() {
  local options=(jobmanager.rpc.address "$JOB_MANAGER_RPC_ADDRESS" blob.server.port 6124
    query.server.port 6125)
  if [ -n "${TASK_MANAGER_NUMBER_OF_TASK_SLOTS:-}" ]; then
    options+=(taskmanager.numberOfTaskSlots "$TASK_MANAGER_NUMBER_OF_TASK_SLOTS")
  fi
  if [ -n "${FLINK_PROPERTIES:-}" ]; then
    mapfile -t -O "${#options[@]}" options < <(flink_properties "$FLINK_PROPERTIES")
  fi
  set_config_options "${options[@]}"
}

maybe_enable_jemalloc() {
  if [ "${DISABLE_JEMALLOC:-false}" = false ]; then
    local jemalloc="/usr/lib/$(uname -m)-linux-gnu/libjemalloc.so"
    if [ -f "$jemalloc" ]; then
      export LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD:}$jemalloc"
    else
      echo "WARNING: attempted to load jemalloc from $jemalloc but the library couldn't be found." >&2
    fi
  fi
}

copy_plugins_if_required() {
  [ -z "${ENABLE_BUILT_IN_PLUGINS:-}" ] && return 0
  local plugin
  for plugin in $(tr ';' ' ' <<<"$ENABLE_BUILT_IN_PLUGINS"); do
    local name="${plugin%.jar}"
    name="${name#flink-}"
    name="${name%-[0-9]*}"
    mkdir -p "$FLINK_PLUGINS_DIR/$name"
    cp "$FLINK_OPT_DIR/$plugin" "$FLINK_PLUGINS_DIR/$name/" \
      || { echo "plugin $plugin is not in $FLINK_OPT_DIR" >&2; exit 1; }
  done
}

# A value of the merged configuration in FLAT_CONFIG, as config.sh's readFromConfig finds it.
config_value() {
  sed -n "s/^$1: //p" <<<"$FLAT_CONFIG" | tail -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'\$/\1/"
}

# Starts an entry class in the foreground as flink-console.sh does.
#   $1 role (jobmanager, standalonejob, taskmanager)  $2 entry class
#   $3 BashJavaUtils command for the memory options  $4... the role's arguments
run_flink() {
  local role="$1" entry="$2" resource_command="$3"
  shift 3
  local args=("$@")
  local params jvm_params dynamic
  params=$(java_utils "$resource_command" "${args[@]}")
  jvm_params=$(sed -n 1p <<<"$params")
  dynamic=$(sed -n 2p <<<"$params")
  local role_key=jobmanager
  [ "$role" = taskmanager ] && role_key=taskmanager
  local java_opts FLAT_CONFIG
  FLAT_CONFIG=$(java_utils UPDATE_AND_GET_FLINK_CONFIGURATION --configDir "$FLINK_CONF_DIR" -flatten)
  java_opts="$(config_value env.java.default-opts.all) $(config_value env.java.opts.all)"
  java_opts="$java_opts $(config_value "env.java.opts.$role_key")"
  if [ "$role" = taskmanager ]; then
    args=("${args[@]}" $dynamic)
  else
    args=($dynamic "${args[@]}")
  fi
  mkdir -p "$FLINK_LOG_DIR"
  local log="$FLINK_LOG_DIR/flink--$role-0-$(hostname).log"
  echo "Starting $entry"
  # shellcheck disable=SC2086 # the options are lists of words, as in Flink's scripts
  exec $(drop_privs) java $jvm_params ${FLINK_ENV_JAVA_OPTS:-} $java_opts \
    -Dlog.file="$log" \
    -Dlog4j.configuration="file:$FLINK_CONF_DIR/log4j-console.properties" \
    -Dlog4j.configurationFile="file:$FLINK_CONF_DIR/log4j-console.properties" \
    -classpath "$(class_path)" "$entry" "${args[@]}"
}

maybe_enable_jemalloc
copy_plugins_if_required
prepare_configuration
# Flink writes logs and (with a local volume) state as the flink user.
if [ "$(id -u)" = 0 ]; then
  chown -R flink:flink "$FLINK_CONF_DIR"
fi

command="${1:-help}"
[ $# -gt 0 ] && shift
case "$command" in
  help)
    echo "Usage: $(basename "$0") (jobmanager|standalone-job|taskmanager|help)"
    exit 0
    ;;
  jobmanager)
    run_flink jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
      GET_JM_RESOURCE_PARAMS --configDir "$FLINK_CONF_DIR" "$@"
    ;;
  standalone-job)
    run_flink standalonejob \
      org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint \
      GET_JM_RESOURCE_PARAMS --configDir "$FLINK_CONF_DIR" "$@"
    ;;
  taskmanager)
    run_flink taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
      GET_TM_RESOURCE_PARAMS "$@" --configDir "$FLINK_CONF_DIR"
    ;;
  *)
    exec $(drop_privs) "$command" "$@"
    ;;
esac
