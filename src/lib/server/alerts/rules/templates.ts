import type { Language } from '../types.ts';

/**
 * Alert summaries: `{{name}}` placeholders filled from the alert's values and labels, with
 * numbers written the way a person reads them in each language (1,234; 12.5%; 7 min / 7분).
 * Rendered only on transitions and reads, never per tick.
 */

/** How a number is written: the unit decides the words, not the template. */
export type Unit = 'number' | 'ms' | 'seconds' | 'ratio' | 'per_second' | 'delta_per_second' | 'delta_percent';

/** A template value: text as it is, a number to format in the reader's language, or text per language. */
export type TemplateValue = string | { n: number | null; unit: Unit } | Record<Language, string>;

export type TemplateVars = Record<string, TemplateValue>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Unknown names stay as written, so a typo shows in the message instead of vanishing. */
export function renderTemplate(template: string, vars: TemplateVars, lang: Language): string {
	return template.replace(PLACEHOLDER, (whole, key: string) => {
		const v = vars[key];
		if (v === undefined) return whole;
		if (typeof v === 'string') return v;
		return 'unit' in v ? formatUnit(v.n, v.unit, lang) : v[lang];
	});
}

const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Language, digits: number): Intl.NumberFormat {
	const key = `${lang}${digits}`;
	let f = NUMBER_FORMATS.get(key);
	if (!f) NUMBER_FORMATS.set(key, (f = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US', { maximumFractionDigits: digits })));
	return f;
}

/** 1,234,567 / 12.5 / 0.25: fewer decimals as numbers grow, never scientific notation. */
export function formatNumber(n: number, lang: Language): string {
	if (!Number.isFinite(n)) return '∞';
	const abs = Math.abs(n);
	return numberFormat(lang, abs >= 100 ? 0 : abs >= 10 ? 1 : 2).format(n);
}

export function formatPercent(percent: number, lang: Language): string {
	if (!Number.isFinite(percent)) return '∞';
	return `${numberFormat(lang, Math.abs(percent) >= 10 ? 1 : 2).format(percent)}%`;
}

/** 45 s / 7 min / 1 h 5 min / 2 d 3 h, and 45초 / 7분 / 1시간 5분 / 2일 3시간. */
export function formatDuration(seconds: number, lang: Language): string {
	if (!Number.isFinite(seconds)) return '∞';
	const s = Math.max(0, Math.round(seconds));
	const w = lang === 'ko' ? { s: '초', m: '분', h: '시간', d: '일' } : { s: ' s', m: ' min', h: ' h', d: ' d' };
	if (s < 60) return `${s}${w.s}`;
	if (s < 600 && s % 60 !== 0) return `${Math.floor(s / 60)}${w.m} ${s % 60}${w.s}`;
	const minutes = Math.round(s / 60);
	if (minutes < 60) return `${minutes}${w.m}`;
	if (minutes < 1_440) return pair(Math.floor(minutes / 60), w.h, minutes % 60, w.m);
	const hours = Math.round(minutes / 60);
	return pair(Math.floor(hours / 24), w.d, hours % 24, w.h);
}

function pair(big: number, bigUnit: string, small: number, smallUnit: string): string {
	return small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit} ${small}${smallUnit}`;
}

export function formatUnit(n: number | null, unit: Unit, lang: Language): string {
	if (n === null || Number.isNaN(n)) return '–';
	switch (unit) {
		case 'number':
			return formatNumber(n, lang);
		case 'ms':
			return `${formatNumber(n, lang)} ms`;
		case 'seconds':
			return formatDuration(n, lang);
		case 'ratio':
			return formatPercent(n * 100, lang);
		case 'per_second':
			return lang === 'ko' ? `초당 ${formatNumber(n, lang)}` : `${formatNumber(n, lang)}/s`;
		case 'delta_per_second':
			return lang === 'ko' ? `초당 ${signed(formatNumber(n, lang), n)}` : `${signed(formatNumber(n, lang), n)}/s`;
		case 'delta_percent':
			return signed(formatPercent(n, lang), n);
	}
}

function signed(text: string, n: number): string {
	return n > 0 ? `+${text}` : text;
}

/** Names of the standard fields as people say them; anything else is written `measurement.field`. */
const METRIC_NAMES: Record<string, Record<Language, string>> = {
	'traffic.requests': { en: 'requests', ko: '요청 수' },
	'traffic.rps': { en: 'requests/s', ko: '초당 요청' },
	'traffic.active_users': { en: 'active users', ko: '접속자 수' },
	'traffic.p50_ms': { en: 'median latency', ko: '응답시간 중앙값' },
	'traffic.p95_ms': { en: 'p95 latency', ko: 'p95 응답시간' },
	'traffic.p99_ms': { en: 'p99 latency', ko: 'p99 응답시간' },
	'queue.length': { en: 'queue length', ko: '대기열 길이' },
	'queue.enqueued': { en: 'queue arrivals', ko: '대기열 유입' },
	'queue.dequeued': { en: 'queue admissions', ko: '대기열 입장' },
	'queue.wait_p95_s': { en: 'p95 wait', ko: 'p95 대기시간' },
	'errors.count': { en: 'errors', ko: '오류 수' },
	'errors.rate': { en: 'errors/s', ko: '초당 오류' }
};

export function metricName(measurement: string, field: string | undefined, lang: Language): string {
	if (field === undefined) return measurement;
	return METRIC_NAMES[`${measurement}.${field}`]?.[lang] ?? `${measurement}.${field}`;
}

/** The unit a plain field's value is written in, from the naming convention of the metrics model. */
export function unitOfField(field: string): Unit {
	if (field.endsWith('_ms')) return 'ms';
	if (field.endsWith('_s')) return 'seconds';
	if (field === 'rps') return 'per_second';
	return 'number';
}
