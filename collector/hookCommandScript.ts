/**
 * The shell command Kap installs as its Claude Code hook. It does the least a hook can: write the payload
 * Claude Code sends on stdin into the collector's inbox (a new file named by the shell's pid; its mtime tells when
 * the hook fired) and, unless a live drainer runs, start one. Per event that is the `sh` Claude Code starts for any
 * command hook plus one `cat`; the lock check and the launcher lookup are shell builtins. A no-op hook costs the
 * `sh` alone (measured side by side: `npm run bench -- overhead`).
 *
 * The command is the same string wherever Kap is installed: it names no path into Kap's install. It reads
 * `${KAP_DATA_DIR:-$HOME/.kap}` at run time, and the drainer's node and entry point from the launcher file there
 * (collector/launcher.ts), so moving or reinstalling Kap never breaks the installed hooks. When the launcher is
 * missing or names a file that is gone, the payload still waits in the inbox and the path tried is written to
 * `collector/kap-missing` for `kap doctor`.
 *
 * The drainer runs in a session of its own (`setsid`, where the system has it): Claude Code (2.1.197) SIGTERMs
 * an async hook's process group when it exits (test/support/CLAUDE-CODE-OBSERVED.md), and the drainer outlives
 * the hook by design. The hook itself is over in a millisecond or two. `umask 077`: the inbox holds raw payloads.
 * Nothing is printed on stdout (Claude Code may read a hook's stdout as a decision or as context).
 */

export interface HookScriptOptions {
  /** Whether `setsid` exists on this system (Linux: yes; macOS: no). */
  setsid: boolean;
}

/** The one-line POSIX sh command (the same for every install on a system with, or without, `setsid`). */
export function hookCommandScript(options: HookScriptOptions): string {
  const detach = options.setsid ? 'setsid ' : '';
  return [
    'umask 077',
    'd="${KAP_DATA_DIR:-$HOME/.kap}/collector"',
    '[ -d "$d/inbox" ] || mkdir -p "$d/inbox"',
    // A name of its own: the shell's pid, and the first free suffix (noclobber: `true >` fails on an existing
    // file; `true`, not `:`, since a redirection error on a special builtin ends the shell). A pid comes round
    // again, and entries can wait in the inbox for hours when Kap is missing. Written in place: the drainer
    // leaves a file that does not parse yet alone until it is 2 s old.
    'set -C; f="$d/inbox/hook-$$"; i=0',
    'while ! { true > "$f-$i.json"; } 2>/dev/null && [ $i -lt 99 ]; do i=$((i+1)); done',
    'cat >| "$f-$i.json"',
    'L="$d/drainer.lock"',
    // A live drainer (its pid in the lock, `kill -0` tests it) will see the entry: the usual case in a burst.
    'p=; read -r p < "$L/pid" 2>/dev/null',
    'if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then exit 0; fi',
    'n=; m=; { read -r n; read -r m; } < "$d/launcher" 2>/dev/null',
    'if [ ! -f "$m" ] || [ ! -x "$n" ]; then echo "$m" >| "$d/kap-missing"; exit 0; fi',
    // Take the lock (mkdir is atomic), or take over a dead drainer's.
    `if mkdir "$L" 2>/dev/null || { [ -n "$p" ] && rm -rf "$L" && mkdir "$L" 2>/dev/null; }; then ${detach}"$n" "$m" hook --drain </dev/null >/dev/null 2>&1 & echo $! >| "$L/pid"; fi`,
    'exit 0',
  ].join('; ');
}
