# flash_in_sync <HEAD ref>: status 0 when the Node hook last found this branch with nothing to do and
# every file that answer came from is byte-identical now (the stamp .flash/local/hook-stamp, written by
# src/api/project/hook-stamp.ts); 1 otherwise, and the shim starts Node. Run in the project directory after
# `cd -P` (so $PWD is the physical path). Builtins plus one `cat | cmp`: a no-op checkout then costs
# three small processes instead of Node.
flash_in_sync() {
  flash_s=.flash/local/hook-stamp
  [ -f "$flash_s/key" ] || return 1
  { read -r flash_ref && read -r flash_lock && read -r flash_var && read -r flash_dir && read -r flash_p; } 2>/dev/null <"$flash_s/key" || return 1
  [ -n "$1" ] && [ "$1" = "$flash_ref" ] || return 1
  [ "$PWD" = "$flash_dir" ] || return 1
  [ -z "${FLASH_DB-}" ] || return 1
  case $flash_var in '' | [0-9]* | *[!A-Za-z0-9_]*) return 1 ;; esac
  eval "[ -z \"\${$flash_var-}\" ]" || return 1
  # The inputs, in the order of hook-stamp.ts; `key` says which were present (p) or absent (a).
  set -- flash.config.json flash.toml .env .flash/local/branches.json .flash/local/state.json "$flash_lock"
  for flash_f do
    case $flash_p in
      p*) [ -f "$flash_f" ] || return 1; set -- "$@" "$flash_s/sep" "$flash_f" ;;
      a*) [ ! -e "$flash_f" ] && [ ! -L "$flash_f" ] || return 1 ;;
      *) return 1 ;;
    esac
    flash_p=${flash_p#?}
  done
  [ -z "$flash_p" ] || return 1
  shift 6
  # `all` is each present file after the separator, a random string found nowhere else in it: equal
  # streams therefore mean every file is equal, not merely their concatenation.
  cat "$@" 2>/dev/null | cmp -s - "$flash_s/all"
}
