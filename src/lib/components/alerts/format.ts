import type { AlertStatus, AlertView, Severity } from '$lib/protocol/alerts';
import type { SilenceState } from '$lib/live/alerts-client';
import { currentLocale, dateLocale, numberLocale, type Locale } from '$lib/i18n';
import { m } from '$lib/paraglide/messages.js';

/**
 * Words and icons for alert states: every status is shown by icon AND word (and colour only on
 * top), so it reads in greyscale, on a wall, and to a screen reader. The word is a getter: it is
 * read in the page's language when shown, never fixed when this module loads (on the server one
 * module serves requests in both languages).
 */
const label = (icon: string, word: () => string) => ({ icon, get word() { return word(); } });

export const SEVERITY: Record<Severity, { icon: string; readonly word: string }> = {
	critical: label('▲', m.severity_critical),
	warning: label('◆', m.severity_warning),
	info: label('ℹ', m.severity_info)
};

export const STATUS: Record<AlertStatus, { icon: string; readonly word: string }> = {
	firing: label('●', m.alert_status_firing),
	pending: label('◔', m.alert_status_pending),
	resolved: label('✓', m.alert_status_resolved),
	inactive: label('○', m.alert_status_inactive)
};

export const SILENCE_STATE: Record<SilenceState, { icon: string; readonly word: string }> = {
	active: label('⊘', m.silence_state_active),
	pending: label('◷', m.silence_state_pending),
	expired: label('○', m.silence_state_expired)
};

/** The alert's summary in the page's language (rules carry both; an old stored one may lack Korean). */
export function summaryIn(summary: { en: string; ko?: string }, locale: Locale = currentLocale()): string {
	return (locale === 'ko' && summary.ko) || summary.en;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function worstSeverity(alerts: readonly Pick<AlertView, 'severity'>[]): Severity | null {
	let worst: Severity | null = null;
	for (const a of alerts) if (worst === null || SEVERITY_RANK[a.severity] < SEVERITY_RANK[worst]) worst = a.severity;
	return worst;
}

/** "45s", "3m 20s", "2h 5m", "4d 3h" ("45초", "3분 20초", "2시간 5분", "4일 3시간"): how long something has lasted. */
export function formatAge(ms: number, locale: Locale = currentLocale()): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	if (s < 60) return m.short_age_s({ s }, { locale });
	const min = Math.floor(s / 60);
	if (min < 60) return m.short_age_m_s({ m: min, s: s % 60 }, { locale });
	const h = Math.floor(min / 60);
	if (h < 24) return m.short_age_h_m({ h, m: min % 60 }, { locale });
	return m.short_age_d_h({ d: Math.floor(h / 24), h: h % 24 }, { locale });
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** "14:03:05" today, "12 Mar 14:03:05" ("3월 12일 14:03:05") on other days, in the config's time zone. */
export function formatTime(ms: number, timeZone: string, now = Date.now(), locale: Locale = currentLocale()): string {
	const day = clock(locale, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
	const sameDay = day.format(ms) === day.format(now);
	const fmt = sameDay
		? clock(locale, timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
		: clock(locale, timeZone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
	return fmt.format(ms);
}

/** Full date and time with the zone, for a `title` or a `<time>` element's tooltip: "9 Aug 2021, 20:00:05 GMT+9". */
export function formatFullTime(ms: number, timeZone: string, locale: Locale = currentLocale()): string {
	return clock(locale, timeZone, { dateStyle: 'medium', timeStyle: 'long', hourCycle: 'h23' }).format(ms);
}

function clock(locale: Locale, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}|${timeZone}|${JSON.stringify(opts)}`;
	let f = clocks.get(key);
	if (!f) clocks.set(key, (f = new Intl.DateTimeFormat(dateLocale(locale), { ...opts, timeZone })));
	return f;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatValue(v: number | null, locale: Locale = currentLocale()): string {
	if (v === null) return '–';
	let f = numberFormats.get(locale);
	if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(numberLocale(locale), { maximumFractionDigits: 2 })));
	return f.format(v);
}

/** Matchers that silence exactly this alert's series: its rule, component and instance (when it has them). */
export function matchersFor(alert: Pick<AlertView, 'rule' | 'labels'>): string[] {
	const out = [`alertname=${JSON.stringify(alert.labels.alertname ?? alert.rule)}`];
	for (const name of ['component', 'instance']) if (alert.labels[name]) out.push(`${name}=${JSON.stringify(alert.labels[name])}`);
	return out;
}

const duration = (ms: number, text: () => string) => ({ ms, get label() { return text(); } });

/** Silence lengths offered in the form; 1 h is the default. */
export const SILENCE_DURATIONS: { readonly label: string; ms: number }[] = [
	duration(15 * 60_000, () => m.duration_minutes({ n: 15 })),
	duration(3_600_000, () => m.duration_hours({ n: 1 })),
	duration(2 * 3_600_000, () => m.duration_hours({ n: 2 })),
	duration(4 * 3_600_000, () => m.duration_hours({ n: 4 })),
	duration(8 * 3_600_000, () => m.duration_hours({ n: 8 })),
	duration(86_400_000, () => m.duration_days({ n: 1 })),
	duration(3 * 86_400_000, () => m.duration_days({ n: 3 })),
	duration(7 * 86_400_000, () => m.duration_days({ n: 7 }))
];
