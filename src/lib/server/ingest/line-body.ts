import { decodeLines } from './decode-utf8.ts';
import { parseLineProtocol } from './line-protocol.ts';
import type { ParseResult, Precision } from './point.ts';

/**
 * Bodies are decoded and parsed in pieces of about this many bytes. V8 puts a string over
 * 128 KB straight into its large-object space: each fresh 600 KB body string there cost page
 * faults (decoding measured 6x slower than in 64 KB pieces) and stayed until the next full
 * collection, long after its points were stored.
 */
export const PIECE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * A line-protocol request body (raw bytes) as points and per-line errors, with line numbers
 * counted over the whole body. The same result as decoding the whole body and parsing it at
 * once: a body is cut only at newlines, and only when it has no quote and no backslash, since
 * only those make a newline part of a line (a quoted string value, an escaped newline).
 */
export function parseLineBody(body: Buffer, opts: { precision: Precision; nowNs: string }, pieceBytes = PIECE_BYTES): ParseResult {
	if (body.length <= pieceBytes || body.indexOf(QUOTE) >= 0 || body.indexOf(BACKSLASH) >= 0) return parsePiece(body, opts);
	const result: ParseResult = { points: [], lineNumbers: [], errors: [], verbatim: true };
	let linesBefore = 0;
	// A body ending in a newline ends after it: there is no empty line after the last one.
	for (let start = 0; start < body.length; ) {
		// Cut at the last newline within the piece size (a longer line is a piece of its own).
		let cut = start + pieceBytes >= body.length ? body.length : body.lastIndexOf(NEWLINE, start + pieceBytes);
		if (cut < start) cut = body.indexOf(NEWLINE, start + pieceBytes);
		if (cut < 0) cut = body.length;
		const piece = body.subarray(start, cut);
		const part = parsePiece(piece, opts);
		for (const p of part.points) result.points.push(p);
		for (const n of part.lineNumbers) result.lineNumbers.push(n + linesBefore);
		for (const e of part.errors) result.errors.push({ line: e.line + linesBefore, error: e.error });
		// A piece that is empty (or only blank) is not a point of its own, but neither is it verbatim.
		result.verbatim &&= part.verbatim === true;
		linesBefore += countNewlines(piece) + 1;
		start = cut + 1;
	}
	result.verbatim &&= result.errors.length === 0 && result.points.length > 0;
	return result;
}

function parsePiece(bytes: Buffer, opts: { precision: Precision; nowNs: string }): ParseResult {
	const { text, errors } = decodeLines(bytes);
	const parsed = parseLineProtocol(text, opts);
	if (errors.length > 0) {
		parsed.errors = [...errors, ...parsed.errors].sort((a, b) => a.line - b.line);
		// Its bad bytes are not what the store gets: the body is never stored as sent.
		parsed.verbatim = false;
	}
	return parsed;
}

function countNewlines(bytes: Buffer): number {
	let n = 0;
	for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) n++;
	return n;
}
