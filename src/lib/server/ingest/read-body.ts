import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';

/** A request whose answer is an HTTP error; `status` and `message` go to the client as they are. */
export class IngestError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
		this.name = 'IngestError';
	}
}

/**
 * Reads the whole body, gunzipping when `Content-Encoding: gzip`. The limit applies to the
 * decompressed bytes too, so a small gzip bomb is refused with 413 like a large plain body.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	const declared = Number(req.headers['content-length'] ?? 0);
	const tooLarge = () => new IngestError(413, `request body too large: the limit is ${limit} bytes`);
	if (declared > limit) throw tooLarge();
	const encoding = (req.headers['content-encoding'] ?? '').toLowerCase().trim();
	if (encoding && encoding !== 'gzip' && encoding !== 'identity') {
		throw new IngestError(415, `unsupported Content-Encoding "${encoding}": send gzip or plain`);
	}
	const source = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of source as AsyncIterable<Buffer>) {
			size += chunk.length;
			if (size > limit) throw tooLarge();
			chunks.push(chunk);
		}
	} catch (err) {
		if (source !== req) req.unpipe();
		req.resume(); // drain what is left so the connection can answer
		if (err instanceof IngestError) throw err;
		if (encoding === 'gzip') throw new IngestError(400, `invalid gzip body: ${(err as Error).message}`);
		throw err;
	}
	return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}
