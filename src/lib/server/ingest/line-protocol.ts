import type { FieldType, FieldValue, LineError, ParseResult, Point, Precision } from './point.ts';
import { layoutOf, readSimpleFields, type FieldLayout } from './simple-fields.ts';
import { nsToMs, toNanoseconds, truncateNs } from './timestamps.ts';

/**
 * InfluxDB 1.x line protocol, following `models/points.go` (scanLine, scanKey, scanFields,
 * scanNumber, scanBoolean, scanTime) rule for rule, including its quirks: a backslash escapes
 * whatever follows it while scanning, a newline inside a quoted string belongs to the string,
 * `+1` is not a number, and a `time` tag or lone `time` field is refused (InfluxDB drops those
 * points when storing them). Errors use InfluxDB's words. This is the ingest hot path: one scan
 * per line with charCodeAt, and substrings only for the tokens kept.
 */

const BS = 92; // \
const SP = 32;
const TAB = 9;
const NUL = 0;
const NL = 10;
const COMMA = 44;
const EQ = 61;
const QUOTE = 34;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const HASH = 35;
const MAX_KEY_LENGTH = 65535;

interface Options {
	precision: Precision;
	nowNs: string;
}

export function parseLineProtocol(body: string, opts: Options): ParseResult {
	const points: Point[] = [];
	const lineNumbers: number[] = [];
	const errors: LineError[] = [];
	// A line without a timestamp gets the request's time, truncated to its precision (SetPrecision).
	const nowNs = truncateNs(opts.nowNs, opts.precision);
	const nowMs = nsToMs(nowNs);
	let pos = 0;
	let lineNo = 1;
	const quotes: QuoteCache = { next: body.indexOf('"') };
	let verbatim = true;
	while (pos < body.length) {
		const end = lineEnd(body, pos, quotes);
		const start = skipWhitespace(body, pos, end);
		if (start < end && body.charCodeAt(start) !== HASH) {
			// A line ending in a newline (an escaped one, or one an open quote ran to the end of the body) loses it (ParsePointsWithPrecision).
			const last = body.charCodeAt(end - 1) === NL ? end - 1 : end;
			const result = parsePoint(body, pos, start, last, opts, nowNs, nowMs);
			if (typeof result === 'string') errors.push({ line: lineNo, error: `unable to parse '${body.slice(start, last)}': ${result}` });
			else {
				points.push(result);
				lineNumbers.push(lineNo);
				verbatim &&= time.verbatim && start === pos && last === end;
			}
		} else verbatim = false;
		lineNo += 1 + countNewlines(body, pos, end);
		pos = end + 1;
	}
	return { points, lineNumbers, errors, verbatim: verbatim && errors.length === 0 && points.length > 0 };
}

/** Where the next double quote of the body is: searched once, not once per line (that is quadratic). */
interface QuoteCache {
	next: number;
}

/** Where the line starting at `pos` ends: the next newline, unless it sits inside a quoted field value or follows a backslash (scanLine). */
function lineEnd(s: string, pos: number, quotes: QuoteCache): number {
	const nl = s.indexOf('\n', pos);
	const end = nl < 0 ? s.length : nl;
	if (quotes.next >= 0 && quotes.next < pos) quotes.next = s.indexOf('"', pos);
	const q = quotes.next;
	// No quote on this line, and its newline not escaped (a backslash takes the next byte with it,
	// a newline too: InfluxDB joins `a v=1\<newline>b` into one line): the common case.
	if ((q < 0 || q > end) && (end === s.length || s.charCodeAt(end - 1) !== BS)) return end;
	let i = pos;
	let quoted = false;
	let fields = false;
	let equals = 0;
	let commas = 0;
	while (i < s.length) {
		const c = s.charCodeAt(i);
		if (c === BS && i + 2 < s.length) {
			i += 2;
			continue;
		}
		if (c === SP) fields = true;
		if (fields) {
			if (!quoted && c === EQ) equals++;
			else if (!quoted && c === COMMA) commas++;
			else if (c === QUOTE && equals > commas) quoted = !quoted;
		}
		if (c === NL && !quoted) break;
		i++;
	}
	return i;
}

function countNewlines(s: string, from: number, to: number): number {
	let n = 0;
	for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
	return n;
}

function skipWhitespace(s: string, i: number, end: number): number {
	while (i < end) {
		const c = s.charCodeAt(i);
		if (c !== SP && c !== TAB && c !== NUL) break;
		i++;
	}
	return i;
}

/** Parses one line [start, end) (`lineStart`: before its leading whitespace); returns the point, or the reason it is invalid. */
function parsePoint(s: string, lineStart: number, start: number, end: number, opts: Options, nowNs: string, nowMs: number): Point | string {
	const key = cachedKey(s, start, end);
	if (typeof key === 'string') return key;
	const keyEnd = lastKeyEnd;
	const simple = key.layout ? readSimpleFields(s, skipWhitespace(s, keyEnd, end), end, key.layout) : null;
	let fieldsEnd: number;
	let values: Record<string, FieldValue>;
	let types: Record<string, FieldType>;
	if (simple) {
		// A cached key has no `time` tag, and a simple layout no `time` field, no repeated key and no backslash.
		fieldsEnd = simple.end;
		const bad = scanTime(s, fieldsEnd, end, opts);
		if (bad) return bad;
		values = simple.fields;
		types = key.layout!.types;
	} else {
		// The full scan, with InfluxDB's order of checks (and so its error for a line with several faults).
		const fields = scanFields(s, keyEnd, end);
		if (typeof fields === 'string') return fields;
		fieldsEnd = fields.end;
		const parsed = readFields(s, fields.start, fields.end, start, keyEnd);
		if (typeof parsed === 'string') return parsed;
		const bad = scanTime(s, fieldsEnd, end, opts);
		if (bad) return bad;
		if (Object.hasOwn(key.tags, 'time')) return `invalid tag key: input tag "time" on measurement "${key.measurement}" is invalid`;
		if (parsed.onlyTime) return `invalid field name: input field "time" on measurement "${key.measurement}" is invalid`;
		if (parsed.conflict !== null) return parsed.conflict;
		// The writer appends the timestamp; after a trailing backslash it would become part of the
		// last field (`\ 1700...` is an escaped space). InfluxDB would stamp such a line itself.
		if (time.ns === null && s.charCodeAt(fieldsEnd - 1) === BS) return TRAILING_BACKSLASH;
		values = parsed.fields;
		types = parsed.types;
		// The series' next point most likely has these same keys: give it the short path.
		if (key.cached) {
			const layout = layoutOf(s, fields.start, fields.end, types);
			key.layout = layout;
			if (layout) types = layout.types;
		}
	}
	const timeNs = time.ns ?? nowNs;
	return {
		measurement: key.measurement,
		tags: key.tags,
		series: key.series,
		fields: values,
		types,
		timeNs,
		timeMs: time.ns === null ? nowMs : time.ms,
		// Usually the sender's own text already is that line (ns, one space, no trailing blanks): keep it,
		// uncopied. Otherwise from the line's very start: a leading space changes how InfluxDB splits the
		// body at a quoted newline (scanLine counts it as the start of the fields), so the writer's body
		// must split exactly like the sender's.
		line: time.verbatim && start === lineStart ? s.slice(start, end) : `${s.slice(lineStart, fieldsEnd)} ${timeNs}`
	};
}

/** Stricter than InfluxDB, on purpose: see parsePoint. */
export const TRAILING_BACKSLASH = 'the fields end in a backslash and no timestamp follows: add a timestamp (or escape the backslash) so the point can be stored unchanged';

interface Key {
	measurement: string;
	tags: Record<string, string>;
	series: string;
	/** In the key cache: then `layout` is the series' field layout, kept for its next point. */
	cached: boolean;
	/** The field keys and types of the series' last fully parsed point; null when they were not simple. */
	layout?: FieldLayout | null;
	/** Cached keys: the raw text, and the key that came after this one last time (a sender's order). */
	raw?: string;
	next?: Key;
}

/**
 * Senders repeat the same few thousand series every second, so a parsed key (measurement and
 * tags, unescaped, and the canonical series identity) is kept by its raw text. Bounded: cleared
 * when full, which costs one re-parse per series. A key with a `time` tag is never cached: it
 * is refused, and the short field path (which skips that check) must not see it.
 */
const KEY_CACHE_MAX = 200_000;
const keyCache = new Map<string, Key>();
/** Set by cachedKey: the index just past the key (at the space before the fields); no object per point for it. */
let lastKeyEnd = 0;

/**
 * The key parsed before this one. Senders list their series in the same order body after body,
 * so the key after the previous one is usually the one that came after it last time: comparing
 * its text is cheaper than hashing the key for the map.
 */
let previousKey: Key | undefined;

function cachedKey(s: string, start: number, end: number): Key | string {
	const guess = previousKey?.next;
	if (guess !== undefined) {
		// The guess's text ends at an unescaped space (its last character is never a backslash).
		// A slice compared with === measured 4x cheaper than startsWith(raw, start) or a map lookup.
		const i = start + guess.raw!.length;
		if (i < end && s.charCodeAt(i) === SP && s.slice(start, i) === guess.raw) return (lastKeyEnd = i), (previousKey = guess);
	}
	// The key ends at the first space not escaped by a backslash (what scanKey finds for a valid key).
	let i = s.indexOf(' ', start);
	while (i > start && i < end && s.charCodeAt(i - 1) === BS) i = s.indexOf(' ', i + 1);
	if (i > start && i < end) {
		const hit = keyCache.get(s.slice(start, i));
		if (hit) {
			lastKeyEnd = i;
			return follows(hit);
		}
	}
	const scanned = scanKey(s, start, end);
	if (typeof scanned === 'string') return scanned;
	lastKeyEnd = scanned.end;
	if (scanned.end !== i || Object.hasOwn(scanned.tags, 'time')) return { measurement: scanned.measurement, tags: scanned.tags, series: scanned.series, cached: false };
	if (keyCache.size >= KEY_CACHE_MAX) {
		keyCache.clear();
		previousKey = undefined;
	}
	// Own copies: a slice of the body would keep the whole body alive as long as the series is cached.
	const tags: Record<string, string> = {};
	for (const k of Object.keys(scanned.tags)) setOwn(tags, ownCopy(k), ownCopy(scanned.tags[k]));
	const raw = ownCopy(s.slice(start, i));
	const key: Key = { measurement: ownCopy(scanned.measurement), tags, series: ownCopy(scanned.series), cached: true, raw };
	keyCache.set(raw, key);
	return follows(key);
}

function follows(key: Key): Key {
	if (previousKey !== undefined && previousKey.next !== key) previousKey.next = key;
	return (previousKey = key);
}

/** A flat copy of a string that may be a slice of (and so keep alive) a request body. */
function ownCopy(text: string): string {
	return Buffer.from(text, 'utf8').toString('utf8');
}

/** Measurement and tags sorted by key, NUL-separated: one string per series whatever the tag order. */
function seriesIdentity(measurement: string, tags: Record<string, string>): string {
	const keys = Object.keys(tags);
	if (keys.length > 1) keys.sort();
	let id = measurement;
	for (const k of keys) id += `\u0000${k}\u0000${tags[k]}`;
	return id;
}

/** measurement[,tag=value...] (scanKey, scanMeasurement, scanTags). */
function scanKey(s: string, start: number, end: number): { measurement: string; tags: Record<string, string>; series: string; end: number } | string {
	let i = start;
	if (i >= end || s.charCodeAt(i) === COMMA) return 'missing measurement';
	let tagsNext = false;
	for (;;) {
		i++;
		if (i >= end) return 'missing fields';
		if (s.charCodeAt(i - 1) === BS) continue;
		const c = s.charCodeAt(i);
		if (c === COMMA) {
			tagsNext = true;
			break;
		}
		if (c === SP) break;
	}
	const measurement = unescape(s.slice(start, i), MEASUREMENT_ESCAPES);
	const tags: Record<string, string> = {};
	let duplicate = false;
	while (tagsNext) {
		const tag = scanTag(s, i + 1, end);
		if (typeof tag === 'string') return tag;
		const k = unescape(s.slice(tag.keyStart, tag.keyEnd), TAG_ESCAPES);
		if (Object.hasOwn(tags, k)) duplicate = true;
		setOwn(tags, k, unescape(s.slice(tag.keyEnd + 1, tag.end), TAG_ESCAPES));
		i = tag.end;
		tagsNext = tag.more;
	}
	if (duplicate) return 'duplicate tags';
	if (i - start > MAX_KEY_LENGTH / 3 && Buffer.byteLength(s.slice(start, i)) > MAX_KEY_LENGTH) {
		return `max key length exceeded: ${Buffer.byteLength(s.slice(start, i))} > ${MAX_KEY_LENGTH}`;
	}
	return { measurement, tags, series: seriesIdentity(measurement, tags), end: i };
}

/** One tag from `i`: key=value, ending at an unescaped comma (more tags) or space (fields next). */
function scanTag(s: string, i: number, end: number): { keyStart: number; keyEnd: number; end: number; more: boolean } | string {
	const keyStart = i;
	let c = s.charCodeAt(i);
	if (i >= end || c === SP || c === COMMA || c === EQ) return 'missing tag key';
	for (;;) {
		i++;
		if (i >= end) return 'missing tag value';
		c = s.charCodeAt(i);
		const escaped = s.charCodeAt(i - 1) === BS;
		if ((c === SP || c === COMMA) && !escaped) return 'missing tag value';
		if (c === EQ && !escaped) break;
	}
	const keyEnd = i++;
	c = s.charCodeAt(i);
	if (i >= end || c === COMMA || c === SP) return 'missing tag value';
	for (;;) {
		i++;
		if (i >= end) return 'missing fields';
		c = s.charCodeAt(i);
		if (s.charCodeAt(i - 1) === BS) continue;
		if (c === EQ) return 'invalid tag format';
		if (c === COMMA) return { keyStart, keyEnd, end: i, more: true };
		if (c === SP) return { keyStart, keyEnd, end: i, more: false };
	}
}

/** The field section (scanFields): validates every value as InfluxDB does while finding its end. */
function scanFields(s: string, from: number, end: number): { start: number; end: number } | string {
	const start = skipWhitespace(s, from, end);
	let i = start;
	let quoted = false;
	let equals = 0;
	let commas = 0;
	while (i < end) {
		const c = s.charCodeAt(i);
		if (c === BS && i + 1 < end) {
			i += 2;
			continue;
		}
		if (c === QUOTE && equals > commas) {
			quoted = !quoted;
			i++;
			continue;
		}
		if (c === EQ && !quoted) {
			equals++;
			const prev = s.charCodeAt(i - 1);
			if ((prev === SP || prev === COMMA) && s.charCodeAt(i - 2) !== BS) return 'missing field key';
			if (i + 1 >= end) return 'missing field value';
			const n = s.charCodeAt(i + 1);
			if (n === COMMA || n === SP) return 'missing field value';
			if (isNumeric(n) || n === MINUS || n === 78 /* N */ || n === 110 /* n */) {
				const r = scanNumber(s, i + 1, end);
				if (typeof r === 'string') return r;
				i = r;
				continue;
			}
			if (n !== QUOTE) {
				const r = scanBoolean(s, i + 1, end);
				if (typeof r === 'string') return r;
				i = r;
				continue;
			}
		}
		if (c === COMMA && !quoted) commas++;
		if (c === SP && !quoted) break;
		i++;
	}
	if (quoted) return 'unbalanced quotes';
	if (equals === 0 || commas !== equals - 1) return 'invalid field format';
	return { start, end: i };
}

function isNumeric(c: number): boolean {
	return (c >= 48 && c <= 57) || c === DOT;
}

/** scanNumber: floats, `i` integers within int64; `u` is not accepted by InfluxDB 1.6 ("invalid number"). */
function scanNumber(s: string, i: number, end: number): number | string {
	const start = i;
	let isInt = false;
	let decimal = false;
	let scientific = false;
	if (s.charCodeAt(i) === MINUS) {
		i++;
		if (i === end) return 'invalid number';
	}
	while (i < end) {
		const c = s.charCodeAt(i);
		if (c === COMMA || c === SP) break;
		if (c === 105 /* i */ && i > start && !isInt) {
			isInt = true;
			i++;
			continue;
		}
		if (c === DOT) {
			if (decimal) return 'invalid number';
			decimal = true;
		}
		if (i > start && (c === 101 || c === 69) /* e E */) {
			scientific = true;
			i++;
			continue;
		}
		const p = s.charCodeAt(i - 1);
		if ((c === PLUS || c === MINUS) && (p === 101 || p === 69)) {
			i++;
			continue;
		}
		if (!isNumeric(c)) return 'invalid number';
		i++;
	}
	if (isInt && (decimal || scientific)) return 'invalid number';
	const digits = i - start - (isInt ? 1 : 0) - (decimal ? 1 : 0) - (s.charCodeAt(start) === MINUS ? 1 : 0);
	if (digits <= 0) return 'invalid number';
	if (isInt) {
		if (s.charCodeAt(i - 1) !== 105) return 'invalid number';
		const text = s.slice(start, i - 1);
		if (!fitsInt64(text)) return `unable to parse integer ${text}: strconv.ParseInt: parsing "${text}": value out of range`;
	} else if (!Number.isFinite(Number(s.slice(start, i)))) {
		return 'invalid float';
	}
	return i;
}

const INT64_MAX = '9223372036854775807';
const INT64_MIN_ABS = '9223372036854775808';

function fitsInt64(text: string): boolean {
	const neg = text.charCodeAt(0) === MINUS;
	let i = neg ? 1 : 0;
	while (i < text.length - 1 && text.charCodeAt(i) === 48) i++;
	const abs = text.slice(i);
	const limit = neg ? INT64_MIN_ABS : INT64_MAX;
	return abs.length < limit.length || (abs.length === limit.length && abs <= limit);
}

const BOOLEANS = new Set(['t', 'T', 'f', 'F', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

function scanBoolean(s: string, i: number, end: number): number | string {
	const start = i;
	while (i < end) {
		const c = s.charCodeAt(i);
		if (c === COMMA || c === SP) break;
		i++;
	}
	return BOOLEANS.has(s.slice(start, i)) ? i : 'invalid boolean';
}

/**
 * What scanTime found, in one object reused for every line (the hot path allocates nothing for
 * it): the timestamp in ns (null when absent), in ms, and `verbatim` when the line from its start
 * to its end already reads `<key> <fields> <ns>` exactly, so the store can send the sender's text.
 */
const time = { ns: null as string | null, ms: 0, verbatim: false };

/** The optional timestamp (scanTime), scaled to ns, into `time`; or the error. Only spaces may follow it. */
function scanTime(s: string, from: number, end: number, opts: Options): string | null {
	const start = skipWhitespace(s, from, end);
	let i = start;
	// The first 13 digits of a 19-digit ns timestamp are its milliseconds: read on the way.
	let ms = 0;
	while (i < end) {
		const c = s.charCodeAt(i);
		if (c === SP || c === NL) break;
		if (i === start && c === MINUS) {
			i++;
			continue;
		}
		if (c < 48 || c > 57) return 'bad timestamp';
		if (i - start < 13) ms = ms * 10 + (c - 48);
		i++;
	}
	time.verbatim = false;
	if (i === start) {
		time.ns = null;
		return null;
	}
	const digits = s.slice(start, i);
	// Nanoseconds between 2001 and 2255 (19 digits, not starting with 0 or 9): in range, the text itself.
	const c0 = s.charCodeAt(start);
	if (opts.precision === 'ns' && i - start === 19 && c0 >= 49 && c0 <= 56) {
		for (let j = i; j < end; j++) if (s.charCodeAt(j) !== SP) return 'point is invalid';
		time.ns = digits;
		time.ms = ms;
		time.verbatim = i === end && start === from + 1;
		return null;
	}
	if (digits === '-') return 'strconv.ParseInt: parsing "-": invalid syntax';
	if (!fitsInt64(digits)) return `strconv.ParseInt: parsing "${digits}": value out of range`;
	for (let j = i; j < end; j++) if (s.charCodeAt(j) !== SP) return 'point is invalid';
	const ns = toNanoseconds(digits, opts.precision);
	if (ns === null) return 'time outside range -9223372036854775806 - 9223372036854775806';
	time.ns = ns;
	time.ms = nsToMs(ns);
	time.verbatim = i === end && start === from + 1 && ns === digits;
	return null;
}

/**
 * The fields of a section scanFields accepted, split the way InfluxDB splits them afterwards
 * (walkFields and its field iterator): a key ends at the first `=` whose previous byte is not a
 * backslash (even an escaped one: `v\\=1` is refused with "invalid value"), a value at the
 * first comma outside quotes. Also InfluxDB's per-field key limit (series key + 4 + field key).
 * A `time` field is left out, as InfluxDB leaves it out when storing; a point whose only field
 * is `time` is refused by the caller, as is one that gives a field two types (InfluxDB refuses
 * the whole request for it, which would sink every sender's lines in a merged batch).
 */
function readFields(
	s: string,
	start: number,
	end: number,
	keyStart: number,
	keyEnd: number
): { fields: Record<string, FieldValue>; types: Record<string, FieldType>; onlyTime: boolean; conflict: string | null } | string {
	const fields: Record<string, FieldValue> = {};
	const types: Record<string, FieldType> = {};
	let kept = 0;
	let sawTime = false;
	let conflict: string | null = null;
	// Until a key holds a backslash, this split is scanFields' own, whose values it validated.
	let trusted = true;
	let i = start;
	while (i < end) {
		let eq = i;
		for (; eq < end; eq++) {
			const c = s.charCodeAt(eq);
			if (c === EQ && (eq === i || s.charCodeAt(eq - 1) !== BS)) break;
			if (c === BS) trusted = false;
		}
		if (eq > end - 2) return `invalid value: field-key=${s.slice(i, eq)}`;
		if ((keyEnd - keyStart + 4 + eq - i) * 3 > MAX_KEY_LENGTH) {
			const size = Buffer.byteLength(s.slice(keyStart, keyEnd)) + 4 + Buffer.byteLength(s.slice(i, eq));
			if (size > MAX_KEY_LENGTH) return `max key length exceeded: ${size} > ${MAX_KEY_LENGTH}`;
		}
		const key = unescape(s.slice(i, eq), FIELD_ESCAPES);
		const valueEnd = fieldValueEnd(s, eq + 1, end);
		const raw = s.slice(eq + 1, valueEnd);
		i = valueEnd + 1;
		if (key === 'time') {
			sawTime = true;
			continue;
		}
		let value: FieldValue;
		let type: FieldType;
		const c = raw.charCodeAt(0);
		if (!trusted) {
			const typed = typeField(raw);
			if (typed === null) {
				// A failure at write time in InfluxDB, so it comes after the timestamp's parse errors.
				conflict ??= `invalid field format: InfluxDB's storage engine would read field "${key}" as ${JSON.stringify(raw)} and refuse the whole request`;
				continue;
			}
			[value, type] = typed;
		} else if (c === QUOTE) {
			value = unescapeString(raw.slice(1, -1));
			type = 'string';
		} else if (c === 116 || c === 84 || c === 102 || c === 70) {
			value = c === 116 || c === 84;
			type = 'boolean';
		} else if (raw.charCodeAt(raw.length - 1) === 105) {
			value = Number(raw.slice(0, -1));
			type = 'integer';
		} else {
			value = Number(raw);
			type = 'float';
		}
		// (an inherited name such as `constructor` is not an earlier field)
		let before: FieldType | undefined = types[key];
		if (before !== undefined && !Object.hasOwn(types, key)) before = undefined;
		if (before !== undefined && before !== type && conflict === null) conflict = `field type conflict: input field "${key}" is given as ${before} and as ${type} in one line`;
		setOwn(fields, key, value);
		setOwn(types, key, type);
		kept++;
	}
	return { fields, types, onlyTime: sawTime && kept === 0, conflict };
}

/**
 * A field value as InfluxDB's field iterator types it (`"` string; a digit, `-`, `.`, `n`, `N`,
 * `i`, `I` or `u` a number, by its last byte; anything else boolean), or null where its engine
 * would fail to parse it. scanFields validated the values where *it* split the fields; the
 * iterator splits where a backslash-ended key (`k\\=...`) moves the boundary, and a value it
 * then cannot parse fails the write with a 500, which would poison a merged batch.
 */
function typeField(raw: string): [FieldValue, FieldType] | null {
	const c = raw.charCodeAt(0);
	if (raw.length === 0) return null;
	if (c === QUOTE) return [unescapeString(raw.slice(1, -1)), 'string'];
	if (!ITERATOR_NUMBER_START.includes(raw[0])) return BOOLEANS.has(raw) ? [c === 116 || c === 84, 'boolean'] : null;
	const last = raw.charCodeAt(raw.length - 1);
	if (last === 105 /* i */) {
		const digits = raw.slice(0, -1);
		return /^-?\d+$/.test(digits) && fitsInt64(digits) ? [Number(digits), 'integer'] : null;
	}
	const n = Number(raw);
	return /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) && Number.isFinite(n) ? [n, 'float'] : null;
}
const ITERATOR_NUMBER_START = '0123456789-.nNiIu';


/** `obj[key] = value`, also for a key named `__proto__` (which would otherwise set the prototype, not a field). */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
	if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
	else obj[key] = value;
}

/** End of one field value (scanFieldValue): the next comma outside quotes, where only `\"` and `\\` escape. */
function fieldValueEnd(s: string, i: number, end: number): number {
	// The common case, no quote before the next comma; scanned here, as indexOf would search the whole body.
	let j = i;
	for (; j < end; j++) {
		const c = s.charCodeAt(j);
		if (c === COMMA) return j;
		if (c === QUOTE) break;
	}
	if (j === end) return end;
	// A quote anywhere in the value opens or closes quoting, even mid-value (`a"b,c"` is one value).
	let quoted = false;
	for (; i < end; i++) {
		const c = s.charCodeAt(i);
		if (c === BS && i + 1 < end && (s.charCodeAt(i + 1) === QUOTE || s.charCodeAt(i + 1) === BS)) i++;
		else if (c === QUOTE) quoted = !quoted;
		else if (c === COMMA && !quoted) return i;
	}
	return end;
}

type Escapes = readonly number[];
const MEASUREMENT_ESCAPES: Escapes = [COMMA, SP];
const TAG_ESCAPES: Escapes = [COMMA, SP, EQ];
const FIELD_ESCAPES: Escapes = [COMMA, SP, EQ, QUOTE];

/** Removes the backslash before the characters this kind of name escapes; any other backslash stays. */
function unescape(text: string, escapes: Escapes): string {
	if (text.indexOf('\\') < 0) return text;
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === BS && i + 1 < text.length && escapes.includes(text.charCodeAt(i + 1))) continue;
		out += text[i];
	}
	return out;
}

/** String field values: only \\ and \" are escapes (unescapeStringField). */
function unescapeString(text: string): string {
	if (text.indexOf('\\') < 0) return text;
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		const n = text.charCodeAt(i + 1);
		if (c === BS && (n === BS || n === QUOTE)) {
			out += text[i + 1];
			i++;
		} else out += text[i];
	}
	return out;
}
