/**
 * `GET /healthz`, the same on every Kap process, without auth. 200 `{ ok: true }` when whole; 200
 * `{ ok: false, status: 'degraded', problems: [{ code, message }] }` when Kap runs but something is wrong
 * that a person must look at (stores/storeConsistency.ts: the event store lost events the read models have
 * seen). Degraded is still a 200: the process takes and stores events as it should, and a 503 would make an
 * orchestrator restart it or a load balancer stop sending it events, which repairs nothing and loses new
 * sessions. Monitors read `status`.
 */
import type { FastifyInstance } from 'fastify';

export interface HealthProblem {
  /** A stable code, e.g. `CHECKPOINT_AHEAD_OF_STORE`. */
  code: string;
  message: string;
}

export type HealthReport = { ok: true } | { ok: false; status: 'degraded'; problems: readonly HealthProblem[] };

/** Registers `GET /healthz`; `health` is asked at each request (default: always whole). */
export function registerHealthRoute(app: FastifyInstance, health: () => HealthReport = () => ({ ok: true })): void {
  app.get('/healthz', async () => health());
}
