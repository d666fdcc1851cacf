import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs. Headers, variables and anything that may carry a token
 * or PHI are redacted by path; callers log ids and codes, never values.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'pm-vbp-subgraph' },
    redact: {
      paths: [
        'req.headers.authorization', 'headers.authorization', 'authorization', 'token',
        'variables', '*.variables', 'memberIdExternal', '*.memberIdExternal', 'csv', '*.csv',
      ],
      censor: '[redacted]',
    },
  }, destination);
}

export type { Logger };
