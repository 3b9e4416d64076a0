import { dateLocale, type Locale } from '../i18n/locale.ts';

/**
 * uPlot's `fmtDate` for a chart in the page's language: uPlot asks for one formatter per stamp
 * template ("{h}:{mm}{aa}", "\n{M}/{D}", ":{ss}", "{YYYY}"...) and calls it with a Date that its
 * `tzDate` has already shifted into the config's zone, so the formatter reads the Date's local
 * fields and passes no zone of its own. Whatever the template's clock style, the axis shows a
 * 24-hour clock ("20:00", never "8pm"), and dates the locale's way ("9 Aug" / "8월 9일").
 */
export function chartDateFormatter(tpl: string, locale: Locale): (date: Date) => string {
	const lines = tpl.split('\n').map((line) => lineFormatter(line, locale));
	return (date) => lines.map((f) => f(date)).join('\n');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const cache = new Map<string, Intl.DateTimeFormat>();

function lineFormatter(line: string, locale: Locale): (date: Date) => string {
	if (line === '') return () => '';
	// Seconds within the minute the previous tick named: ":05", ":05.250".
	if (line.startsWith(':{ss}')) return line.includes('{fff}') ? (d) => `:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` : (d) => `:${pad(d.getSeconds())}`;
	const has = (...tokens: string[]) => tokens.some((t) => line.includes(t));
	const year = has('{YYYY}', '{YY}');
	const month = has('{MMMM}', '{MMM}', '{MM}', '{M}');
	const day = has('{DD}', '{D}');
	const hour = has('{HH}', '{H}', '{h}');
	const opts: Intl.DateTimeFormatOptions = {
		year: year ? 'numeric' : undefined,
		month: month ? 'short' : undefined,
		day: day ? 'numeric' : undefined,
		// An hour alone ("{h}{aa}") still reads as a time: "20:00".
		hour: hour ? '2-digit' : undefined,
		minute: hour ? '2-digit' : undefined,
		second: has('{ss}') ? '2-digit' : undefined,
		hourCycle: hour ? 'h23' : undefined
	};
	const key = `${locale}|${JSON.stringify(opts)}`;
	let f = cache.get(key);
	if (!f) cache.set(key, (f = new Intl.DateTimeFormat(dateLocale(locale), opts)));
	const formatter = f;
	return (d) => formatter.format(d);
}
