import type { AlertStatus, Severity } from '../../protocol/alerts.ts';
import { integerLiteral, quoteIdent, tagEquals, timeRange, type RunInfluxQL } from '../history/index.ts';
import { ALERT_TRANSITIONS } from './history-names.ts';

/** One stored state change of one alert, as the alerts page's history table shows it. */
export interface AlertHistoryEntry {
	/** Epoch ms of the second the change happened in. */
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

export interface AlertHistoryFilter {
	fromMs: number;
	toMs: number;
	rule?: string;
	component?: string;
	severity?: string;
	/** The status changed to. */
	status?: string;
	/** Most recent first, at most this many (default 500). */
	limit?: number;
}

export const HISTORY_LIMIT = 500;
export const HISTORY_MAX_LIMIT = 5_000;

const FIELDS = ['alert_id', 'from', 'summary', 'summary_ko', 'value', 'threshold'] as const;
const TAGS = ['rule', 'status', 'severity', 'component', 'instance'] as const;

/** The InfluxQL for a filter: every value quoted, times as integer ms, tags selected as columns so LIMIT applies across series. */
export function alertHistoryQuery(f: AlertHistoryFilter): string {
	const where = [timeRange(f.fromMs, f.toMs)];
	for (const tag of ['rule', 'component', 'severity', 'status'] as const) {
		const value = f[tag];
		if (value) where.push(tagEquals(tag, value));
	}
	const limit = Math.min(Math.max(1, Math.floor(f.limit ?? HISTORY_LIMIT)), HISTORY_MAX_LIMIT);
	const columns = [...FIELDS, ...TAGS].map(quoteIdent).join(', ');
	return `SELECT ${columns} FROM ${quoteIdent(ALERT_TRANSITIONS)} WHERE ${where.join(' AND ')} ORDER BY time DESC LIMIT ${integerLiteral(limit, 'limit', 1, HISTORY_MAX_LIMIT)}`;
}

/** Transitions kept in InfluxDB by the alert service (see transitionLine in alert-service.ts), most recent first. */
export async function alertHistory(run: RunInfluxQL, filter: AlertHistoryFilter): Promise<AlertHistoryEntry[]> {
	const series = await run(alertHistoryQuery(filter));
	const out: AlertHistoryEntry[] = [];
	for (const s of series) {
		const col = new Map(s.columns.map((c, i) => [c, i]));
		const get = (row: unknown[], name: string): unknown => {
			const i = col.get(name);
			return i === undefined ? null : row[i];
		};
		const text = (row: unknown[], name: string) => {
			const v = get(row, name);
			return v === null || v === undefined || v === '' ? null : String(v);
		};
		const num = (row: unknown[], name: string) => {
			const v = get(row, name);
			return typeof v === 'number' ? v : null;
		};
		for (const row of s.values as unknown[][]) {
			out.push({
				at: row[0] as number,
				alertId: text(row, 'alert_id') ?? '',
				rule: text(row, 'rule') ?? s.tags?.rule ?? '',
				from: (text(row, 'from') ?? 'inactive') as AlertStatus,
				to: (text(row, 'status') ?? 'inactive') as AlertStatus,
				severity: (text(row, 'severity') ?? 'warning') as Severity,
				component: text(row, 'component'),
				instance: text(row, 'instance'),
				value: num(row, 'value'),
				threshold: num(row, 'threshold'),
				summary: { en: text(row, 'summary') ?? '', ko: text(row, 'summary_ko') ?? text(row, 'summary') ?? '' }
			});
		}
	}
	return out.sort((a, b) => b.at - a.at);
}
