import { currentLocale, numberLocale, type Locale } from '../i18n/locale.ts';
import { m } from '../paraglide/messages.js';

/**
 * Numbers for people: 12,345 req/s, 1.2 M people, 850 ms, 7.5 min (in Korean 1.2만, 12.3만).
 * Compact above 10,000 so tiles and legends stay short; units are appended as given. The locale
 * defaults to the page's (the request's on the server): a chart's hot path passes it once.
 */
interface NumberFormats {
	compact: Intl.NumberFormat;
	whole: Intl.NumberFormat;
	small: Intl.NumberFormat;
}
const numberFormats = new Map<Locale, NumberFormats>();

function numbers(locale: Locale): NumberFormats {
	let f = numberFormats.get(locale);
	if (!f) {
		const tag = numberLocale(locale);
		f = {
			compact: new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 }),
			whole: new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }),
			small: new Intl.NumberFormat(tag, { maximumFractionDigits: 2 })
		};
		numberFormats.set(locale, f);
	}
	return f;
}

export function formatValue(v: number | null | undefined, unit?: string, locale: Locale = currentLocale()): string {
	if (v === null || v === undefined || Number.isNaN(v)) return '–';
	const abs = Math.abs(v);
	const f = numbers(locale);
	const text = abs >= 10_000 ? f.compact.format(v) : abs >= 100 ? f.whole.format(v) : f.small.format(v);
	return unit ? `${text} ${unit}` : text;
}

/** "+12%" / "−3%" / "new" ("신규") against an earlier value. */
export function formatDelta(now: number | null, before: number | null, locale: Locale = currentLocale()): string {
	if (now === null || before === null) return '';
	if (before === 0) return now === 0 ? '±0%' : m.delta_new({}, { locale });
	const pct = ((now - before) / Math.abs(before)) * 100;
	if (Math.abs(pct) < 0.05) return '±0%';
	const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
	return `${sign}${Math.abs(pct) >= 10 ? Math.round(Math.abs(pct)) : Math.abs(pct).toFixed(1)}%`;
}

/** "12 s", "3 min 5 s", "2 h 5 min"; in Korean "12초", "3분 5초", "2시간 5분". */
export function formatAge(ms: number, locale: Locale = currentLocale()): string {
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 60) return m.age_s({ s }, { locale });
	if (s < 3600) return m.age_min_s({ min: Math.floor(s / 60), s: s % 60 }, { locale });
	return m.age_h_min({ h: Math.floor(s / 3600), min: Math.floor((s % 3600) / 60) }, { locale });
}
