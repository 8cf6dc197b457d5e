/** A promise that resolves after `ms` milliseconds (at once when `ms` ≤ 0). */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
