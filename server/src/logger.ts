import pino, { type Logger } from 'pino';
import { loggerOptions } from './http/logger.ts';

export function createLogger(level: string): Logger {
  return pino(loggerOptions(level));
}
