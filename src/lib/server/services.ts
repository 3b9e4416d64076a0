import type { PipelineState } from '../protocol/pipeline.ts';
import type { Board, BoardSummary } from '../protocol/boards.ts';
import type { Principal } from './auth/index.ts';
import type { Config } from './config/index.ts';
import type { HistoryService, RunInfluxQL } from './history/index.ts';
import type { LatestValues } from './live/index.ts';
import type { Metrics } from './observability/index.ts';
import type { WindowService } from './windows/index.ts';
import type { AlertService } from './alerts/alert-service.ts';

export interface Health {
	status: 'ok' | 'degraded';
	influx: { ok: boolean; url: string; version: string | null };
	spool: { batches: number; bytes: number };
	uptime_s: number;
}

/** What SvelteKit routes may use of the running app. Routes call these; they never build their own. */
export interface Services {
	config: Config;
	metrics: Metrics;
	latest: LatestValues;
	boards: { list(): BoardSummary[]; get(id: string): Board | null };
	history: HistoryService;
	pipeline: { latest: PipelineState };
	windows: WindowService;
	alerts: AlertService;
	/** Runs one InfluxQL statement against the monitor's database (alert history; other stored reads). */
	query?: RunInfluxQL;
	health(): Promise<Health>;
	/** The caller of a page, API read or socket: a viewer-or-above token, the anonymous role, or null. */
	authenticateViewer(token: string | undefined, cookie: string | undefined): Principal | null;
	/** Wall sign-in: a session cookie value for a viewer-or-above token, or null (src/lib/server/wall/session.ts). */
	sessions: { issue(token: string): string | null };
}

/**
 * The production entry and the Vite dev plugin load server code outside SvelteKit's bundle, so
 * the two module graphs meet through one well-known global rather than a shared import.
 */
const KEY = Symbol.for('booking-ops-monitor.services');
type WithServices = typeof globalThis & { [KEY]?: Services };

export function setServices(services: Services | undefined): void {
	(globalThis as WithServices)[KEY] = services;
}

export function getServices(): Services {
	const s = (globalThis as WithServices)[KEY];
	if (!s) throw new Error('monitor services are not running: start the app with `npm start` (or `npm run dev`)');
	return s;
}
