import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON logger for the process (pino: the Node standard for structured logs, and cheap on the
 * ingest hot path). LOG_LEVEL sets the level; tests run with LOG_LEVEL=silent unless debugging.
 */
export const rootLogger: Logger = pino({
	level: process.env.LOG_LEVEL ?? 'info',
	base: { app: 'booking-ops-monitor' },
	timestamp: pino.stdTimeFunctions.isoTime
});

export function childLogger(area: string): Logger {
	return rootLogger.child({ area });
}
