import { currentLocale, type Locale } from '../i18n/locale.ts';
import { m } from '../paraglide/messages.js';

/** Time for a wall: a 24-hour clock in a given zone, short zone labels, and countdowns. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "20:15:03" in `timeZone`; formatters are cached because the strip ticks every second for days. */
export function formatClock(ms: number, timeZone: string): string {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
		formatters.set(timeZone, f);
	}
	return f.format(ms);
}

const LABELS: Record<string, string> = { 'Asia/Seoul': 'KST', UTC: 'UTC', 'Etc/UTC': 'UTC', 'Asia/Tokyo': 'JST' };

/** What a room calls its zone: KST for Seoul, else the zone's short name (e.g. "GMT+9"). */
export function zoneLabel(timeZone: string, at = Date.now()): string {
	if (LABELS[timeZone]) return LABELS[timeZone];
	const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
	return part?.value ?? timeZone;
}

/** "02:03", "1:02:03", or "3 d 4 h" ("3일 4시간") until a moment. */
export function formatCountdown(ms: number, locale: Locale = currentLocale()): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	if (s >= 86_400) return m.countdown_days_hours({ d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600) }, { locale });
	const h = Math.floor(s / 3600);
	const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
	const ss = String(s % 60).padStart(2, '0');
	return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
