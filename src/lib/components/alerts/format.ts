import type { AlertStatus, AlertView, Severity } from '$lib/protocol/alerts';
import type { SilenceState } from '$lib/live/alerts-client';

/**
 * Words and icons for alert states: every status is shown by icon AND word (and colour only on
 * top), so it reads in greyscale, on a wall, and to a screen reader.
 */

export const SEVERITY: Record<Severity, { icon: string; word: string }> = {
	critical: { icon: '▲', word: 'Critical' },
	warning: { icon: '◆', word: 'Warning' },
	info: { icon: 'ℹ', word: 'Info' }
};

export const STATUS: Record<AlertStatus, { icon: string; word: string }> = {
	firing: { icon: '●', word: 'Firing' },
	pending: { icon: '◔', word: 'Pending' },
	resolved: { icon: '✓', word: 'Resolved' },
	inactive: { icon: '○', word: 'Inactive' }
};

export const SILENCE_STATE: Record<SilenceState, { icon: string; word: string }> = {
	active: { icon: '⊘', word: 'Active' },
	pending: { icon: '◷', word: 'Pending' },
	expired: { icon: '○', word: 'Expired' }
};

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function worstSeverity(alerts: readonly Pick<AlertView, 'severity'>[]): Severity | null {
	let worst: Severity | null = null;
	for (const a of alerts) if (worst === null || SEVERITY_RANK[a.severity] < SEVERITY_RANK[worst]) worst = a.severity;
	return worst;
}

/** "45s", "3m 20s", "2h 5m", "4d 3h": how long something has lasted. */
export function formatAge(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m ${s % 60}s`;
	const h = Math.floor(m / 60);
	if (h < 24) return `${h}h ${m % 60}m`;
	return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** "14:03:05" today, "12 Mar 14:03:05" on other days, in the config's time zone. */
export function formatTime(ms: number, timeZone: string, now = Date.now()): string {
	const day = clock(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
	const sameDay = day.format(ms) === day.format(now);
	const fmt = sameDay
		? clock(timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
		: clock(timeZone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
	return fmt.format(ms);
}

/** Full date and time with the zone, for a `title` or a `<time>` element's tooltip. */
export function formatFullTime(ms: number, timeZone: string): string {
	return clock(timeZone, { dateStyle: 'medium', timeStyle: 'long' }).format(ms);
}

function clock(timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${timeZone}|${JSON.stringify(opts)}`;
	let f = clocks.get(key);
	if (!f) clocks.set(key, (f = new Intl.DateTimeFormat('en-GB', { ...opts, timeZone })));
	return f;
}

const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatValue(v: number | null): string {
	return v === null ? '–' : numbers.format(v);
}

/** Matchers that silence exactly this alert's series: its rule, component and instance (when it has them). */
export function matchersFor(alert: Pick<AlertView, 'rule' | 'labels'>): string[] {
	const out = [`alertname=${JSON.stringify(alert.labels.alertname ?? alert.rule)}`];
	for (const name of ['component', 'instance']) if (alert.labels[name]) out.push(`${name}=${JSON.stringify(alert.labels[name])}`);
	return out;
}

/** Silence lengths offered in the form; 1 h is the default. */
export const SILENCE_DURATIONS: { label: string; ms: number }[] = [
	{ label: '15 minutes', ms: 15 * 60_000 },
	{ label: '1 hour', ms: 3_600_000 },
	{ label: '2 hours', ms: 2 * 3_600_000 },
	{ label: '4 hours', ms: 4 * 3_600_000 },
	{ label: '8 hours', ms: 8 * 3_600_000 },
	{ label: '1 day', ms: 86_400_000 },
	{ label: '3 days', ms: 3 * 86_400_000 },
	{ label: '7 days', ms: 7 * 86_400_000 }
];
