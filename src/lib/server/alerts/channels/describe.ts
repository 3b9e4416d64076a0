import type { Language, NotifiedAlert, Notification, Severity } from '../types.ts';
import { wordsFor, type Words } from './words.ts';

/**
 * What every channel says, whatever its markup: how bad (icon and word), what and where (alert
 * name, component, instance), how far off (value vs threshold), since when, and where to look.
 * Channels only decide layout and escaping.
 */

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
const ICON: Record<Severity, string> = { critical: '🔴', warning: '🟠', info: '🔵' };
export const RESOLVED_ICON = '✅';

export interface FormatContext {
	/** Epoch ms: signing time for webhooks. */
	now: number;
	/** IANA zone for times shown to people. */
	timeZone: string;
}

export function severityOf(labels: Record<string, string>): Severity {
	const s = labels.severity;
	return s === 'critical' || s === 'warning' || s === 'info' ? s : 'warning';
}

/** The worst severity among the firing alerts (among all of them once the group resolved). */
export function groupSeverity(n: Notification): Severity {
	const pool = n.alerts.some((a) => a.status === 'firing') ? n.alerts.filter((a) => a.status === 'firing') : n.alerts;
	let worst: Severity = 'info';
	for (const a of pool) if (RANK[severityOf(a.labels)] > RANK[worst]) worst = severityOf(a.labels);
	return pool.length ? worst : severityOf(n.commonLabels);
}

/** "🔴 CRITICAL" or "✅ RESOLVED" (localised): the first thing a reader sees. */
export function badge(status: 'firing' | 'resolved', severity: Severity, w: Words): string {
	return status === 'resolved' ? `${RESOLVED_ICON} ${w.resolved}` : `${ICON[severity]} ${w.severity[severity]}`;
}

export function alertBadge(a: NotifiedAlert, w: Words): string {
	return badge(a.status, severityOf(a.labels), w);
}

/** "🔴 CRITICAL · FIRING · high-latency · idp-naver · 3 alerts" */
export function headline(n: Notification): string {
	const w = wordsFor(n.language);
	const parts = [badge(n.status, groupSeverity(n), w)];
	if (n.status === 'firing') parts.push(w.firing);
	const what = n.commonLabels.alertname ?? n.groupLabels.alertname;
	const where = n.commonLabels.component ?? n.groupLabels.component;
	if (what) parts.push(what);
	if (where) parts.push(where);
	parts.push(w.alerts(n.alerts.length));
	return parts.join(' · ');
}

/** "component=idp-naver, alertname=high-latency": how the group was formed. */
export function groupText(n: Notification): string {
	return Object.entries(n.groupLabels)
		.map(([k, v]) => `${k}=${v}`)
		.join(', ');
}

/** "idp-naver / pod-3" */
export function whereText(a: NotifiedAlert): string {
	const c = a.labels.component ?? a.labels.job ?? '—';
	return a.labels.instance ? `${c} / ${a.labels.instance}` : c;
}

export function valueText(a: NotifiedAlert, language: Language): string {
	const w = wordsFor(language);
	const v = a.value === null ? w.noData : formatNumber(a.value, language);
	return a.threshold === null ? v : `${v} (${w.threshold} ${formatNumber(a.threshold, language)})`;
}

/** "2025-03-01 23:02:05 UTC+9 (for 12m 5s)" or, once resolved, "… – 23:30:00 (lasted 28m)". */
export function sinceText(a: NotifiedAlert, n: Notification, ctx: FormatContext): string {
	const w = wordsFor(n.language);
	const start = formatTime(a.startsAt, ctx.timeZone);
	if (a.endsAt === null) return `${start} (${w.ongoing(formatDuration(n.createdAt - a.startsAt, w))})`;
	return `${start} – ${formatTime(a.endsAt, ctx.timeZone)} (${w.lasted(formatDuration(a.endsAt - a.startsAt, w))})`;
}

export function formatNumber(v: number, language: Language): string {
	return new Intl.NumberFormat(language === 'ko' ? 'ko-KR' : 'en-US', { maximumFractionDigits: 3 }).format(v);
}

export function formatDuration(ms: number, w: Words): string {
	const t = Math.max(0, Math.round(ms / 1000));
	return w.duration(Math.floor(t / 3600), Math.floor((t % 3600) / 60), t % 60);
}

/** "2025-03-01 23:02:05 UTC+9": unambiguous in any language, with the zone spelled out. */
export function formatTime(ms: number, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23',
		timeZoneName: 'shortOffset'
	}).formatToParts(ms);
	const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
	const zone = (p.timeZoneName ?? 'GMT').replace(/^GMT(\+0)?$/, 'GMT').replace(/^GMT/, 'UTC');
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${zone}`;
}

/** A short line for logs and dead letters: "🔴 CRITICAL · FIRING · … — first summary". */
export function describeNotification(n: Notification): string {
	const first = n.alerts[0]?.summary ?? '';
	const text = first ? `${headline(n)} — ${first}` : headline(n);
	return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
