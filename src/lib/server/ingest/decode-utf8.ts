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

/**
 * Where the first invalid UTF-8 sequence starts (for the error message; only on the error path).
 * InfluxDB 1.6.7 stores such bytes as they are, and they read back as U+FFFD, so the series
 * could never be asked for again; a measurement name with them breaks its shard's field index.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
	const again = Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8');
	let i = 0;
	while (i < bytes.length && i < again.length && bytes[i] === again[i]) i++;
	return Math.min(i, bytes.length - 1);
}

function decodeLineByLine(body: Buffer): { text: string; errors: LineError[] } {
	const parts: string[] = [];
	const errors: LineError[] = [];
	let start = 0;
	for (let n = 1; start <= body.length; n++) {
		let end = body.indexOf(0x0a, start);
		if (end < 0) end = body.length;
		const line = body.subarray(start, end);
		try {
			parts.push(strict.decode(line));
		} catch {
			parts.push('');
			const at = firstInvalidByte(line);
			errors.push({ line: n, error: `invalid UTF-8 in line (byte 0x${line[at].toString(16).padStart(2, '0')} at byte ${at + 1} of the line): send UTF-8 text` });
		}
		start = end + 1;
	}
	return { text: parts.join('\n'), errors };
}
