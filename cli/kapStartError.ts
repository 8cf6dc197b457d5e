/**
 * Why `kap serve` could not start, for a person: a stable code and a message that says what to do. The
 * command prints the message and exits 1, without a stack trace.
 */
export type KapStartErrorCode = 'PORT_IN_USE' | 'LISTEN_FAILED';

export class KapStartError extends Error {
  constructor(
    readonly code: KapStartErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KapStartError';
  }
}

/** The start error for a failed `listen` on `host:port`: in use, not permitted, or anything else. */
export function listenError(error: unknown, host: string, port: number): KapStartError {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new KapStartError('PORT_IN_USE', `${where} is already in use (another Kap?); stop what listens there, or set KAP_PORT to another port (0: any free one)`, { cause: error });
  }
  if (code === 'EACCES') return new KapStartError('LISTEN_FAILED', `not allowed to listen on ${where}; set KAP_PORT above 1023, or KAP_HOST`, { cause: error });
  if (code === 'EADDRNOTAVAIL') return new KapStartError('LISTEN_FAILED', `${host} is not an address of this machine; set KAP_HOST`, { cause: error });
  return new KapStartError('LISTEN_FAILED', `cannot listen on ${where}: ${(error as Error).message}`, { cause: error });
}
