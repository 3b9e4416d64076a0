import { currentLocale, dateLocale, type Locale } from './locale.ts';

/**
 * Dates and times for people, in the config's time zone (KST for the 2021 sample) whatever zone the
 * browser is in, with a 24-hour clock in both languages: an ops room reads "20:00", not "8:00 PM"
 * or "오후 8:00". English reads day before month ("9 Aug 2021"), Korean year first ("2021년 8월 9일").
 * Formatters are built once per locale, zone and shape: charts ask on every tick.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string | undefined, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}|${timeZone ?? ''}|${JSON.stringify(opts)}`;
	let f = cache.get(key);
	if (!f) cache.set(key, (f = new Intl.DateTimeFormat(dateLocale(locale), { ...opts, timeZone, hourCycle: opts.hour || opts.timeStyle ? 'h23' : undefined })));
	return f;
}

/** "20:00:05" */
export function formatClock(ms: number, timeZone?: string, locale: Locale = currentLocale()): string {
	return formatter(locale, timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);
}

/** "9 Aug 2021, 20:00 GMT+9" / "2021년 8월 9일 20:00 GMT+9"; with seconds when asked. */
export function formatDateTime(ms: number, timeZone?: string, locale: Locale = currentLocale(), seconds = false): string {
	return formatter(locale, timeZone, {
		year: 'numeric',
		month: 'short',
		day: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		second: seconds ? '2-digit' : undefined,
		timeZoneName: 'short'
	}).format(ms);
}

/** "09/08/2021, 20:00:05" / "21. 8. 9. 20:00:05": short, for a range in a label. */
export function formatShortDateTime(ms: number, timeZone?: string, locale: Locale = currentLocale()): string {
	return formatter(locale, timeZone, { dateStyle: 'short', timeStyle: 'medium' }).format(ms);
}

/**
 * A chart's time axis label for a tick, as fine as the tick spacing needs: seconds under a
 * minute, hours and minutes under a day, the date (and the time when it is not midnight) beyond.
 */
export function formatAxisTime(ms: number, stepS: number, timeZone?: string, locale: Locale = currentLocale()): string {
	if (stepS < 60) return formatClock(ms, timeZone, locale);
	if (stepS < 86_400) return formatter(locale, timeZone, { hour: '2-digit', minute: '2-digit' }).format(ms);
	return formatter(locale, timeZone, { month: 'short', day: 'numeric' }).format(ms);
}
