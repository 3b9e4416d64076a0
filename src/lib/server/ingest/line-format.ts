import type { FieldType, FieldValue } from './point.ts';

/**
 * One point as line protocol, escaped as InfluxDB 1.x reads it back: measurement (comma,
 * space), tag keys/values and field keys (comma, equals, space), string values (quote, backslash).
 */
export function formatLine(
	measurement: string,
	tags: Record<string, string>,
	fields: Record<string, FieldValue>,
	types: Record<string, FieldType>,
	timeNs: string
): string {
	let line = escapeMeasurement(measurement);
	for (const k of Object.keys(tags).sort()) line += `,${escapeName(k)}=${escapeName(tags[k])}`;
	let sep = ' ';
	for (const k in fields) {
		line += `${sep}${escapeName(k)}=${formatValue(fields[k], types[k])}`;
		sep = ',';
	}
	return `${line} ${timeNs}`;
}

function formatValue(v: FieldValue, type: FieldType): string {
	switch (type) {
		case 'string':
			return `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
		case 'integer':
			return `${typeof v === 'number' ? Math.trunc(v) : v}i`;
		case 'boolean':
			return v ? 'true' : 'false';
		default:
			return Number.isInteger(v as number) ? `${v}` : String(v);
	}
}

function escapeMeasurement(s: string): string {
	return /[, ]/.test(s) ? s.replace(/[, ]/g, (c) => `\\${c}`) : s;
}

function escapeName(s: string): string {
	return /[,= ]/.test(s) ? s.replace(/[,= ]/g, (c) => `\\${c}`) : s;
}
