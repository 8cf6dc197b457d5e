/**
 * `kap approve`: Claude Code's PermissionRequest hook for remote approvals (approvals/approvalHook.ts). Reads
 * the payload on stdin, prints a decision or nothing, exits 0 either way. Configuration: KAP_URL, KAP_TOKEN
 * (or the data dir's token), KAP_APPROVAL_TIMEOUT_S (default 60).
 */
import { approvalHookOutput, approvalTimeoutMs } from '../approvals/approvalHook.js';
import { loadCollectorConfig } from '../config/kapConfig.js';
import { readToken } from '../ingest/token.js';

export async function approveCommand(env: Record<string, string | undefined>): Promise<void> {
  let payload = '';
  for await (const chunk of process.stdin) payload += String(chunk);
  let output = '';
  try {
    const config = loadCollectorConfig(env);
    output = await approvalHookOutput(payload, { url: config.url, token: config.token ?? readToken(config.dataDir), timeoutMs: approvalTimeoutMs(env.KAP_APPROVAL_TIMEOUT_S) });
  } catch {
    // A configuration Kap cannot read: Claude Code asks in its terminal.
  }
  if (output) process.stdout.write(output);
}
