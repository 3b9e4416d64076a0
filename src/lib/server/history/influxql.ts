/**
 * The one place InfluxQL text is made from values: every query path (series, backfill, alert
 * history, window reports, backtests, database setup) builds its statements from these, and
 * nothing from a request or a sender is ever pasted into a statement any other way.
 *
 * What InfluxDB 1.x's scanner reads (influxql/scanner.go, checked against influxd 1.6.7):
 * - Inside `'...'` and `"..."` only `\\`, `\'`, `\"` and `\n` are escapes; any other backslash
 *   sequence is an error, and a raw newline ends the string badly. So a backslash is doubled
 *   *and* the quote escaped (the `influx` package's `escape.stringLit` escapes only the quote,
 *   so a value ending in `\` closes its literal early and the rest runs as InfluxQL).
 * - Its reader turns a carriage return into a newline and takes NUL for the end of input, so
 *   no string literal can hold either. A tag value with one is matched by an anchored regex
 *   (`=~ /^...$/`, where RE2 writes them `\r` and `\x00`); a measurement in FROM likewise; a
 *   field or tag *name* with one cannot be named at all and is refused (InfluxQLError).
 * - Numbers and durations are written from validated integers only: NaN, Infinity, fractions
 *   and values beyond InfluxDB's time range are refused, never printed.
 */

/** A value InfluxQL cannot carry; the message names it and says why. */
export class InfluxQLError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InfluxQLError';
	}
}

const UNSPEAKABLE = /[\r\u0000]/;

/** `"name"`: a measurement, field, tag key, database or retention policy. */
export function quoteIdent(name: string): string {
	if (UNSPEAKABLE.test(name)) throw new InfluxQLError(`the name ${JSON.stringify(name)} contains a carriage return or NUL, which InfluxQL cannot express`);
	return `"${escapeFor(name, '"')}"`;
}

/** `'value'`: a string literal. Prefer tagEquals for tag comparisons (it also handles CR and NUL). */
export function quoteString(value: string): string {
	if (UNSPEAKABLE.test(value)) throw new InfluxQLError(`the value ${JSON.stringify(value)} contains a carriage return or NUL, which an InfluxQL string cannot hold`);
	return `'${escapeFor(value, "'")}'`;
}

function escapeFor(text: string, quote: '"' | "'"): string {
	let out = '';
	for (const ch of text) {
		if (ch === '\\') out += '\\\\';
		else if (ch === quote) out += `\\${quote}`;
		else if (ch === '\n') out += '\\n';
		else out += ch;
	}
	return out;
}

const REGEX_META = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$']);

/** `/^text$/`: a regex literal matching exactly `text` (RE2 syntax; `/` escaped for InfluxQL's scanner). */
export function exactRegex(text: string): string {
	let out = '';
	for (const ch of text) {
		if (REGEX_META.has(ch)) out += `\\${ch}`;
		else if (ch === '/') out += '\\/';
		else if (ch === '\n') out += '\\n';
		else if (ch === '\r') out += '\\r';
		else if (ch === '\u0000') out += '\\x00';
		else out += ch;
	}
	return `/^${out}$/`;
}

/** `"tag" = 'value'`, or `"tag" =~ /^value$/` when the value holds a character no string literal can. */
export function tagEquals(tag: string, value: string): string {
	return UNSPEAKABLE.test(value) ? `${quoteIdent(tag)} =~ ${exactRegex(value)}` : `${quoteIdent(tag)} = ${quoteString(value)}`;
}

/** `(component = 'a' OR component = 'b')`: equality, so nothing depends on regex escaping except the rare tagEquals fallback. */
export function anyOf(tag: string, values: readonly string[]): string {
	if (values.length === 0) throw new InfluxQLError(`no values given for "${tag}"`);
	return `(${values.map((v) => tagEquals(tag, v)).join(' OR ')})`;
}

/** A measurement in FROM: `"name"`, or an exact regex for a name with CR or NUL. */
export function fromMeasurement(name: string): string {
	return UNSPEAKABLE.test(name) ? exactRegex(name) : quoteIdent(name);
}

// InfluxDB's time range (models.MinNanoTime and MaxNanoTime), in ms.
const MIN_TIME_MS = -9_223_372_036_854;
const MAX_TIME_MS = 9_223_372_036_854;

/** An integer written as digits, or InfluxQLError naming `what` when it is not a whole number within [min, max]. */
export function integerLiteral(n: number, what: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): string {
	if (!Number.isSafeInteger(n) || n < min || n > max) throw new InfluxQLError(`${what} must be a whole number from ${min} to ${max}, not ${n}`);
	return String(n);
}

/** `time >= 123ms AND time < 456ms`: integer epoch ms within InfluxDB's range, never text from the request. */
export function timeRange(fromMs: number, toMs: number): string {
	const from = integerLiteral(Math.floor(fromMs), 'the start time (epoch ms)', MIN_TIME_MS, MAX_TIME_MS);
	const to = integerLiteral(Math.ceil(toMs), 'the end time (epoch ms)', MIN_TIME_MS, MAX_TIME_MS);
	return `time >= ${from}ms AND time < ${to}ms`;
}

/** `15000ms`: a positive whole number of milliseconds, for GROUP BY time() and retention policies. */
export function durationLiteral(ms: number): string {
	return `${integerLiteral(ms, 'a duration (ms)', 1)}ms`;
}
