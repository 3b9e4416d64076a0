import type { Precision } from './point.ts';

/** Zeros to append to a timestamp in each precision to make nanoseconds: exact, no floating point. */
const SCALE: Record<Precision, bigint> = {
	ns: 1n,
	us: 1_000n,
	ms: 1_000_000n,
	s: 1_000_000_000n,
	m: 60_000_000_000n,
	h: 3_600_000_000_000n
};

// InfluxDB 1.x stores int64 nanoseconds and reserves the extremes (models.MinNanoTime/MaxNanoTime).
const MIN_NS = -9_223_372_036_854_775_806n;
const MAX_NS = 9_223_372_036_854_775_806n;

/**
 * `precision=`: n/ns, u/us/µ/µs, ms, s, m, h; absent or empty = ns. One deliberate difference
 * from influxd 1.6.7, which reads only `u` as microseconds and takes `us`, `µ` and `µs` for
 * nanoseconds (verified; its multiplier switch knows "u" alone): here all four mean
 * microseconds, which is what a sender of `us` means.
 */
export function parsePrecision(text: string | null): Precision | null {
	switch (text ?? '') {
		case '':
		case 'n':
		case 'ns':
			return 'ns';
		case 'u':
		case 'us':
		case 'µ':
		case 'µs':
			return 'us';
		case 'ms':
			return 'ms';
		case 's':
			return 's';
		case 'm':
			return 'm';
		case 'h':
			return 'h';
		default:
			return null;
	}
}

/**
 * A timestamp's digits (optionally signed) in `precision`, as exact nanoseconds; null when it is
 * out of InfluxDB's range. The common ns case is the text itself, with no arithmetic.
 */
export function toNanoseconds(digits: string, precision: Precision): string | null {
	// Fast path without BigInt for the usual case, a non-negative timestamp well inside int64:
	// scaling is appending zeros. Everything else (negative, near the limits) takes the exact path.
	const c = digits.charCodeAt(0);
	const zeros = ZEROS[precision];
	if (zeros !== undefined && c >= 48 && c <= 57) {
		const body = stripZeros(digits);
		if (body === '0') return '0';
		if (body.length + zeros.length < 19 || (body.length + zeros.length === 19 && body.charCodeAt(0) < 57 /* '9' */)) return body + zeros;
	}
	const ns = BigInt(digits) * SCALE[precision];
	return ns < MIN_NS || ns > MAX_NS ? null : ns.toString();
}

/** Precisions that scale to ns by appending zeros (minutes and hours multiply by 60 and 3,600). */
const ZEROS: Partial<Record<Precision, string>> = { ns: '', us: '000', ms: '000000', s: '000000000' };

function stripZeros(digits: string): string {
	const neg = digits[0] === '-';
	let i = neg ? 1 : 0;
	while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
	const body = digits.slice(i);
	return neg && body !== '0' ? `-${body}` : body;
}

/** `ns` rounded down to a whole unit of `precision`, as InfluxDB stamps a point sent without a time. */
export function truncateNs(ns: string, precision: Precision): string {
	if (precision === 'ns') return ns;
	const scale = SCALE[precision];
	const t = BigInt(ns);
	const r = t % scale;
	return (r < 0n ? t - r - scale : t - r).toString();
}

/** Milliseconds since the epoch of an exact ns string (fractional below 1 ms is dropped). */
export function nsToMs(ns: string): number {
	return ns.length <= 15 ? Math.trunc(Number(ns) / 1e6) : Number(ns.slice(0, -6));
}

/** The server's clock in ns; InfluxDB gives every timestamp-less point of one request this one value. */
export function nowNanoseconds(): string {
	return `${Date.now()}000000`;
}
