import type { LineError } from './point.ts';

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a line-protocol body. A body with invalid UTF-8 loses only its bad lines: they are
 * blanked (so later line numbers still match the sender's) and reported by number.
 */
export function decodeLines(body: Buffer): { text: string; errors: LineError[] } {
	try {
		return { text: strict.decode(body), errors: [] };
	} catch {
		return decodeLineByLine(body);
	}
}

function decodeLineByLine(body: Buffer): { text: string; errors: LineError[] } {
	const parts: string[] = [];
	const errors: LineError[] = [];
	let start = 0;
	for (let n = 1; start <= body.length; n++) {
		let end = body.indexOf(0x0a, start);
		if (end < 0) end = body.length;
		try {
			parts.push(strict.decode(body.subarray(start, end)));
		} catch {
			parts.push('');
			errors.push({ line: n, error: 'invalid UTF-8 in line' });
		}
		start = end + 1;
	}
	return { text: parts.join('\n'), errors };
}
