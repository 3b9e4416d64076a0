/**
 * Fitting text into the limits chat services document. Lengths are UTF-16 code units (JS
 * `length`): never less than the code points or characters a service counts, so a text that
 * fits here fits there. Cuts never split a surrogate pair, and escaped text is cut before it is
 * escaped, so an entity such as `&amp;` is never broken.
 */

export const ELLIPSIS = '…';

/** The longest prefix of `text` of at most `max` code units that ends on a whole character. */
export function cutAt(text: string, max: number): string {
	if (text.length <= max) return text;
	if (max <= 0) return '';
	const code = text.charCodeAt(max - 1);
	// A high surrogate at the end would leave half a character (an emoji, a rare CJK ideograph).
	return code >= 0xd800 && code <= 0xdbff ? text.slice(0, max - 1) : text.slice(0, max);
}

/** `text` if it fits in `max`, else its start plus `marker`, `max` long at most. */
export function truncate(text: string, max: number, marker = ELLIPSIS): string {
	if (text.length <= max) return text;
	if (marker.length >= max) return cutAt(marker, max);
	return cutAt(text, max - marker.length) + marker;
}

/**
 * `escape(raw)` if that fits in `max`, else the escaped longest prefix of `raw` that fits
 * together with `marker` (which is appended as-is, so pass it escaped already).
 */
export function truncateEscaped(raw: string, max: number, escape: (s: string) => string, marker = ELLIPSIS): string {
	const whole = escape(raw);
	if (whole.length <= max) return whole;
	const budget = max - marker.length;
	if (budget <= 0) return cutAt(marker, Math.max(0, max));
	let out = '';
	for (const ch of raw) {
		const piece = escape(ch);
		if (out.length + piece.length > budget) break;
		out += piece;
	}
	return out + marker;
}

/**
 * Joins as many `items` as fit in `max` (with `sep` between them); when some do not fit, ends
 * with `more(n)` for the n left out, which always fits if `max` allows it at all.
 */
export function fitItems(items: string[], max: number, more: (n: number) => string, sep = '\n'): string {
	const all = items.join(sep);
	if (all.length <= max) return all;
	let best = more(items.length);
	let prefix = '';
	for (let k = 1; k < items.length; k++) {
		prefix = k === 1 ? items[0] : prefix + sep + items[k - 1];
		if (prefix.length > max) break;
		const candidate = prefix + sep + more(items.length - k);
		if (candidate.length <= max) best = candidate;
	}
	return truncate(best, max);
}

/** Bytes of `text` as UTF-8, the unit of the byte limits (Teams 28 KB, Google Chat 32,000). */
export function utf8Bytes(text: string): number {
	return Buffer.byteLength(text, 'utf8');
}

/**
 * The longest prefix of `items` whose JSON fits `budgetBytes` when added to a document: how a
 * message with a byte limit takes as many alerts as fit. `overhead` is the document without them.
 */
export function countFitting(items: unknown[], overheadBytes: number, budgetBytes: number): number {
	let used = overheadBytes;
	let n = 0;
	for (const item of items) {
		// +1: the comma between array elements.
		const size = utf8Bytes(JSON.stringify(item)) + 1;
		if (used + size > budgetBytes) break;
		used += size;
		n++;
	}
	return n;
}
