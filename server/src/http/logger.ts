import type { LoggerOptions } from 'pino';

/**
 * Paths pino blanks before a line is written. Secrets also never reach log calls by design;
 * this is the second line of defence.
 */
export const redactPaths = [
  'password',
  '*.password',
  '*.*.password',
  'currentPassword',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'totpSecret',
  '*.totpSecret',
  'totpCode',
  '*.totpCode',
  'ciphertext',
  '*.ciphertext',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      // The default request serializer logs the full URL; ours keeps only the path so a stray
      // query value never lands in a log line.
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split('?')[0], id: req.id }),
    },
  };
}
