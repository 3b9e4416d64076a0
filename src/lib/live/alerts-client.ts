import { io, type Socket } from 'socket.io-client';
import type { AlertsSummary, AlertStatus, AlertView, Severity } from '../protocol/alerts.ts';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../protocol/live.ts';

/**
 * The browser's side of alerts: the `alerts` socket event (banner, and the alerts page's cue to
 * refetch) and the JSON API under /api/v1. The wire shapes below mirror what the server routes
 * return (SilenceView, DeadLetter, TestResult in src/lib/server/alerts/); they belong in
 * lib/protocol/alerts.ts once that file takes them.
 */

export type SilenceState = 'pending' | 'active' | 'expired';

export interface SilenceView {
	id: string;
	matchers: string[];
	startsAt: number;
	endsAt: number;
	createdBy: string;
	comment: string;
	state: SilenceState;
}

export interface ChannelView {
	id: string;
	type: string;
	/** Where it sends, secrets redacted. */
	target: string;
	language: string;
}

export interface DeadLetterView {
	id: string;
	seq: number;
	channel: string;
	target: string;
	summary: string;
	attempts: number;
	lastError: { status?: number; body?: string; message: string };
	at: number;
}

export type TestResult = { ok: true; status: number } | { ok: false; status?: number; error: string };

/** GET /api/v1/alerts */
export interface AlertsResponse {
	alerts: AlertView[];
	silences: SilenceView[];
	channels: ChannelView[];
	deadLetters: DeadLetterView[];
}

/** GET /api/v1/alerts/history: one stored state change, most recent first. */
export interface AlertHistoryEntry {
	at: number;
	alertId: string;
	rule: string;
	from: AlertStatus;
	to: AlertStatus;
	severity: Severity;
	component: string | null;
	instance: string | null;
	value: number | null;
	threshold: number | null;
	summary: { en: string; ko: string };
}

/** POST /api/v1/alerts/backtest: when the rule would have fired over the range. */
export interface BacktestResponse {
	from: number;
	to: number;
	intervals: { alertId: string; labels: Record<string, string>; firingFrom: number; firingTo: number | null }[];
}

export interface SilenceRequest {
	matchers: string[];
	startsAt: number;
	endsAt: number;
	createdBy?: string;
	comment: string;
}

/** A failed API call, with the server's reasons (a silence's `issues`) when it gave them. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly issues: string[] = []
	) {
		super(message);
	}
}

/** JSON calls with the page's token (from `?token=`), if any; same origin, so SvelteKit's CSRF check passes. */
export function alertsApi(token?: string) {
	const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (token) headers.authorization = `Token ${token}`;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		const data = await res.json().catch(() => null);
		if (!res.ok) throw new ApiError(res.status, data?.message ?? data?.error ?? `${method} ${path}: HTTP ${res.status}`, data?.issues ?? []);
		return data as T;
	};
	const id = encodeURIComponent;
	return {
		list: (filter?: string) => call<AlertsResponse>('GET', `/api/v1/alerts${filter ? `?filter=${id(filter)}` : ''}`),
		acknowledge: (alertId: string, comment?: string) => call<AlertView>('POST', `/api/v1/alerts/${id(alertId)}/ack`, comment ? { comment } : {}),
		unacknowledge: (alertId: string) => call<AlertView>('DELETE', `/api/v1/alerts/${id(alertId)}/ack`),
		addSilence: (s: SilenceRequest) => call<{ id: string }>('POST', '/api/v1/silences', s),
		expireSilence: (silenceId: string) => call<{ id: string }>('DELETE', `/api/v1/silences/${id(silenceId)}`),
		testChannel: (channelId: string) => call<TestResult>('POST', `/api/v1/channels/${id(channelId)}/test`),
		history: (params: URLSearchParams) => call<{ entries: AlertHistoryEntry[] }>('GET', `/api/v1/alerts/history?${params}`),
		retryDeadLetter: (deadId: string) => call<{ id: string }>('POST', `/api/v1/alerts/dead-letters/${id(deadId)}/retry`),
		dismissDeadLetter: (deadId: string) => call<{ id: string }>('DELETE', `/api/v1/alerts/dead-letters/${id(deadId)}`),
		backtest: (rule: string, from: number, to: number) => call<BacktestResponse>('POST', '/api/v1/alerts/backtest', { rule, from, to })
	};
}

export type AlertsApi = ReturnType<typeof alertsApi>;

type AlertsSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Listener = (summary: AlertsSummary) => void;

/**
 * One socket for every subscriber on the page (the banner and the alerts page together): the
 * server sends `alerts` to every client on connect and on change, so no subscribe request is needed.
 */
let shared: { socket: AlertsSocket; listeners: Set<Listener>; last: AlertsSummary | null } | null = null;

/** Calls `onSummary` with the latest summary at once (when known) and on every change. Reconnects by itself. */
export function subscribeAlerts(onSummary: Listener, token?: string): { close(): void } {
	if (!shared) {
		const socket: AlertsSocket = io(LIVE_NAMESPACE, {
			auth: (cb) => cb(token ? { token } : {}),
			transports: ['websocket', 'polling'],
			reconnectionDelay: 500,
			reconnectionDelayMax: 5_000
		});
		const s = { socket, listeners: new Set<Listener>(), last: null as AlertsSummary | null };
		socket.on('alerts', (summary) => {
			s.last = summary;
			for (const l of s.listeners) l(summary);
		});
		socket.on('disconnect', (reason) => {
			if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1_000);
		});
		shared = s;
	}
	const s = shared;
	s.listeners.add(onSummary);
	if (s.last) onSummary(s.last);
	return {
		close() {
			s.listeners.delete(onSummary);
			if (s.listeners.size === 0 && shared === s) {
				s.socket.close();
				shared = null;
			}
		}
	};
}
