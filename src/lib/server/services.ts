import type { PipelineState } from '../protocol/pipeline.ts';
import type { Board, BoardSummary } from '../protocol/boards.ts';
import type { Authenticator } from './auth/index.ts';
import type { AuditLog, TokenUseRecorder } from './audit/index.ts';
import type { ReloadResult } from './config/index.ts';
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
	/** Who is calling (tokens, proxy header, sessions, anonymous role), sign-in and sign-out, scopes (src/lib/server/auth). */
	auth: Authenticator;
	/** The audit log (src/lib/server/audit): acknowledgements, silences, reloads, sign-ins, token use. */
	audit: AuditLog;
	tokenUse: TokenUseRecorder;
	/** Drops the live sockets of a session that just signed out; returns how many. */
	endSession(sessionId: string): number;
	/** Re-reads the config file and applies its auth section (src/lib/server/config/reload.ts); throws ReloadError. */
	reloadConfig(): ReloadResult;
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
