/**
 * The shell command Kap installs as its Claude Code hook. It does the least a hook can: write the payload
 * Claude Code sends on stdin into the collector's inbox, named by when the hook fired, and start a drainer
 * if none runs. A few milliseconds of `sh` per event instead of a Node start-up per event: hooks fire in
 * bursts (a tool call fires PreToolUse, PostToolUse and PostToolBatch), and a Node process for each would
 * slow the agent down on a small machine (measured: `npm run bench -- overhead`).
 *
 * Claude Code (2.1.197) SIGTERMs an async hook's process group if the hook still runs when it exits, and
 * then skipped the SessionEnd hooks in our runs (test/support/CLAUDE-CODE-OBSERVED.md). So where the system
 * has `setsid` (Linux), the command's first act is to move the work into a session of its own: Claude Code
 * sees the hook end within a millisecond or two, and the work (which still reads the inherited stdin) runs on.
 */

export interface HookScriptOptions {
  /** Absolute path of the node binary. */
  node: string;
  /** Absolute path of Kap's CLI entry point (dist/cli/main.js). */
  main: string;
  /** Whether `setsid` exists on this system (Linux: yes; macOS: no). */
  setsid: boolean;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The one-line POSIX sh command. Reads KAP_DATA_DIR at run time (default ~/.kap), like the rest of Kap. */
export function hookCommandScript(options: HookScriptOptions): string {
  const start = `${quote(options.node)} ${quote(options.main)} hook --drain`;
  // Three process starts per event (setsid, sh, cat); the drainer's lock check uses shell builtins. The
  // entry's mtime (ns) tells when the hook fired; its name only has to be unique (the shell's pid).
  const work = [
    'd="${KAP_DATA_DIR:-$HOME/.kap}/collector"',
    '[ -d "$d/inbox" ] || mkdir -p "$d/inbox"',
    // Written in place: the drainer leaves a file that does not parse yet alone until it is 2 s old.
    'cat > "$d/inbox/hook-$$.json"',
    'L="$d/drainer.lock"',
    // Start a drainer unless a live one holds the lock (its pid is in the lock; `kill -0` tests it). The
    // builtins look first, so the usual case (a drainer lingering for the burst) starts no `mkdir` process.
    'p=; read -r p < "$L/pid" 2>/dev/null',
    `if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then :; elif mkdir "$L" 2>/dev/null || { [ -n "$p" ] && rm -rf "$L" && mkdir "$L" 2>/dev/null; }; then ${start} </dev/null >/dev/null 2>&1 & echo $! > "$L/pid"; fi`,
    'exit 0',
  ].join('; ');
  return options.setsid ? `exec setsid sh -c ${quote(work)} kap-hook >/dev/null 2>&1` : work;
}
