import { formatLine } from './line-format.ts';
import { parseLineProtocol } from './line-protocol.ts';
import type { FieldType, FieldValue, LineError, ParseResult, Point, Precision } from './point.ts';
import { toNanoseconds } from './timestamps.ts';

/** The body is not `{ points: [...] }`: the whole request is refused. */
export class JsonBodyError extends Error {}

const MAX_POINTS = 100_000;

/**
 * POST /api/v1/metrics: `{ points: [{ measurement, tags?, fields, time? }] }`. Each point is
 * turned into line protocol and read back by the line-protocol parser, so JSON points obey
 * exactly the same rules (and errors) as lines. Field values: a JSON number is a float (as
 * JSON has no integer type); send a string like `"42i"` for an integer field; strings and
 * booleans are themselves. `time`: RFC3339 text, or a number in `precision` units (default ms).
 * A point's position in `points` (1-based) is its "line" in errors.
 */
export function parseJsonPoints(body: unknown, opts: { precision: Precision; nowNs: string }): ParseResult {
	if (typeof body !== 'object' || body === null || !Array.isArray((body as { points?: unknown }).points)) {
		throw new JsonBodyError('expected a JSON object { "points": [{ "measurement", "tags", "fields", "time" }] }');
	}
	const list = (body as { points: unknown[] }).points;
	if (list.length > MAX_POINTS) throw new JsonBodyError(`too many points in one request: ${list.length} > ${MAX_POINTS}`);
	const points: Point[] = [];
	const lineNumbers: number[] = [];
	const errors: LineError[] = [];
	list.forEach((item, i) => {
		const line = toLine(item, opts.precision);
		if (typeof line !== 'string' || !line.startsWith('\u0000')) {
			if (typeof line === 'string') errors.push({ line: i + 1, error: line });
			return;
		}
		const parsed = parseLineProtocol(line.slice(1), { precision: 'ns', nowNs: opts.nowNs }); // the line carries ns already
		if (parsed.errors.length > 0) errors.push({ line: i + 1, error: parsed.errors[0].error });
		else {
			points.push(parsed.points[0]);
			lineNumbers.push(i + 1);
		}
	});
	return { points, lineNumbers, errors };
}

/** The point as line protocol (prefixed with NUL to tell it from an error message), or why it cannot be one. */
function toLine(item: unknown, precision: Precision): string {
	if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'a point must be an object { measurement, tags, fields, time }';
	const p = item as Record<string, unknown>;
	if (typeof p.measurement !== 'string' || p.measurement === '') return 'missing measurement';
	const bad = unwritable('measurement', p.measurement);
	if (bad) return bad;
	const tags = p.tags ?? {};
	if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return 'tags must be an object of strings';
	for (const [k, v] of Object.entries(tags)) {
		if (typeof v !== 'string') return 'tag values must be strings';
		const why = unwritable(`tag key "${k}"`, k) ?? unwritable(`tag "${k}"`, v);
		if (why) return why;
	}
	if (typeof p.fields !== 'object' || p.fields === null || Array.isArray(p.fields)) return 'missing fields';
	const fields: Record<string, FieldValue> = {};
	const types: Record<string, FieldType> = {};
	for (const [k, v] of Object.entries(p.fields)) {
		const why = unwritable(`field key "${k}"`, k);
		if (why) return why;
		const typed = fieldOf(v);
		if (typeof typed === 'string') return `field "${k}": ${typed}`;
		// defineProperty: a field named __proto__ is a field, not the object's prototype.
		Object.defineProperty(fields, k, { value: typed.value, enumerable: true, writable: true, configurable: true });
		Object.defineProperty(types, k, { value: typed.type, enumerable: true, writable: true, configurable: true });
	}
	if (Object.keys(fields).length === 0) return 'missing fields';
	const time = timeOf(p.time, precision);
	if (time === undefined) return 'time must be RFC3339 text or a number in the precision unit';
	return `\u0000${formatLine(p.measurement, tags as Record<string, string>, fields, types, time ?? '')}`.trimEnd();
}

/**
 * Names line protocol cannot carry, so InfluxDB cannot store them: a newline, or a backslash at
 * the end (it would escape the separator after it). Said plainly instead of a parse error about
 * a line the sender never wrote.
 */
function unwritable(what: string, name: string): string | null {
	if (name.includes('\n')) return `${what} contains a newline, which line protocol (and so InfluxDB) cannot store`;
	if (name.endsWith('\\')) return `${what} ends in a backslash, which line protocol (and so InfluxDB) cannot store`;
	return null;
}

function fieldOf(v: unknown): { value: FieldValue; type: FieldType } | string {
	if (typeof v === 'boolean') return { value: v, type: 'boolean' };
	if (typeof v === 'number') return Number.isFinite(v) ? { value: v, type: 'float' } : 'NaN and Infinity are not storable';
	if (typeof v === 'string') return /^-?\d+i$/.test(v) ? { value: v.slice(0, -1), type: 'integer' } : { value: v, type: 'string' };
	return 'a field value must be a number, string or boolean';
}

/** Exact ns text, null for "no time" (server time), undefined when unreadable. */
function timeOf(t: unknown, precision: Precision): string | null | undefined {
	if (t === undefined || t === null) return null;
	if (typeof t === 'number' && Number.isInteger(t)) return toNanoseconds(String(t), precision) ?? undefined;
	if (typeof t === 'string' && /^\d{4}-\d\d-\d\dT/.test(t)) {
		const ms = Date.parse(t);
		if (Number.isNaN(ms)) return undefined;
		const frac = /\.(\d+)/.exec(t)?.[1] ?? '';
		const subMs = frac.length > 3 ? frac.slice(3, 9).padEnd(6, '0') : '000000';
		return `${ms}${subMs}`.replace(/^(-?)0+(?=\d)/, '$1');
	}
	return undefined;
}
