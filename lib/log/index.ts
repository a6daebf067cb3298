import 'server-only';
import pino from 'pino';

/**
 * The server's logger (pino, JSON lines on stdout). Tokens and Authorization headers are redacted
 * wherever they appear in a logged object.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { app: 'meshscope' },
  redact: {
    paths: ['*.authorization', '*.Authorization', '*.token', 'headers.authorization', 'headers.cookie'],
    censor: '[redacted]',
  },
});
