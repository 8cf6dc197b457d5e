/**
 * How the BullMQ adapter names things in Redis. A Kap queue `q` is the BullMQ queue `q` for jobs without an
 * ordering key, and one BullMQ queue `q#<key>` per ordering key (the key URI-encoded, so it holds no `:`, which
 * BullMQ reserves, and no `#`). Kap's own keys sit beside the BullMQ queue `q`'s, named so they cannot meet a
 * BullMQ key (BullMQ job ids here always start with `j.`).
 */

/**
 * BullMQ refuses a custom job id that is an integer (`Custom Id cannot be integers`) and Kap's ids may be
 * anything without `:`, so every id gets a `j.` prefix in Redis.
 */
export const bullJobId = (jobId: string): string => `j.${jobId}`;
export const kapJobId = (bullId: string): string => bullId.slice(2);

/** The BullMQ queue holding queue `queue`'s jobs with `orderingKey` (or none). */
export function bullQueueName(queue: string, orderingKey: string | undefined): string {
  return orderingKey === undefined ? queue : `${queue}#${encodeURIComponent(orderingKey)}`;
}

/** Kap's own Redis keys for queue `queue` under `prefix`. */
export function kapKeys(prefix: string, queue: string) {
  const base = `${prefix}:${queue}`;
  return {
    /** SET of the ordering keys that may have jobs: a worker process starts a key worker for each. */
    orderingKeys: `${base}:kap-ordering-keys`,
    /** Pub/sub channel: an ordering key that just got a job (message: the key). */
    newJobs: `${base}:kap-new-jobs`,
    /** STRING: the BullMQ queue that holds job `jobId`, so an id stays unique across a queue's keys. */
    jobOwner: (jobId: string) => `${base}:kap-job:${jobId}`,
  };
}
