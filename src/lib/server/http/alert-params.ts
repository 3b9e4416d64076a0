import type { AlertHistoryFilter } from '../alerts/history.ts';
import { MatcherError, matchesAll, parseMatchers } from '../alerts/notify/index.ts';
import { BadParams, parseTime } from './series-params.ts';

/**
 * Query parameters of the alerts API: `?filter=` (label matchers, as chat messages link them)
 * and the history's `from`, `to`, `rule`, `component`, `severity`, `status`, `limit`.
 */

const STATUSES = new Set(['inactive', 'pending', 'firing', 'resolved']);
const SEVERITIES = new Set(['info', 'warning', 'critical']);

/**
 * `{alertname="a",component=~"idp-.*"}` (what groupUrl writes) or the same without braces, into
 * one text per matcher. Commas inside quoted values do not split.
 */
export function splitMatchers(text: string): string[] {
	let s = text.trim();
	if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
	const out: string[] = [];
	let current = '';
	let quoted = false;
	for (let i = 0; i < s.length; i++) {
		const ch = s[i];
		if (quoted && ch === '\\' && i + 1 < s.length) {
			current += ch + s[++i];
			continue;
		}
		if (ch === '"') quoted = !quoted;
		if (ch === ',' && !quoted) {
			if (current.trim()) out.push(current.trim());
			current = '';
		} else current += ch;
	}
	if (current.trim()) out.push(current.trim());
	return out;
}

/** A predicate over alert labels; every label set passes without a filter. Throws BadParams naming the bad matcher. */
export function parseAlertFilter(text: string | null): (labels: Record<string, string>) => boolean {
	if (!text?.trim()) return () => true;
	try {
		const matchers = parseMatchers(splitMatchers(text));
		return (labels) => matchesAll(matchers, labels);
	} catch (err) {
		if (err instanceof MatcherError) throw new BadParams(`filter: ${err.message}`);
		throw err;
	}
}

/** Default range: the last 24 hours. */
export function parseHistoryParams(search: URLSearchParams, nowMs: number): AlertHistoryFilter {
	const fromMs = parseTime(search.get('from') || 'now-24h', nowMs, 'from');
	const toMs = parseTime(search.get('to') || 'now', nowMs, 'to');
	if (!(fromMs < toMs)) throw new BadParams(`from (${search.get('from')}) must be before to (${search.get('to') ?? 'now'})`);
	const status = search.get('status') || undefined;
	if (status && !STATUSES.has(status)) throw new BadParams(`status: "${status}" is not one of ${[...STATUSES].join(', ')}`);
	const severity = search.get('severity') || undefined;
	if (severity && !SEVERITIES.has(severity)) throw new BadParams(`severity: "${severity}" is not one of ${[...SEVERITIES].join(', ')}`);
	const limitText = search.get('limit');
	const limit = limitText ? Number(limitText) : undefined;
	if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new BadParams(`limit: "${limitText}" is not a positive whole number`);
	return { fromMs, toMs, rule: search.get('rule') || undefined, component: search.get('component') || undefined, severity, status, limit };
}
