import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
	at: number;
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
	json: any;
}

export interface Receiver {
	url: string;
	port: number;
	received: Received[];
	/** Resolves when `n` requests have arrived (or rejects after `timeoutMs`). */
	waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
	close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 (a chat service's webhook endpoint, as far as the sender can tell). */
export async function startReceiver(reply: (r: Received) => { status: number; body?: string } = () => ({ status: 200 }), port = 0): Promise<Receiver> {
	const received: Received[] = [];
	const waiters: { n: number; resolve: () => void }[] = [];
	const server: Server = createServer((req, res) => {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (body += d));
		req.on('end', () => {
			let json: unknown = null;
			try {
				json = JSON.parse(body);
			} catch {
				/* not JSON */
			}
			const r: Received = { at: Date.now(), path: req.url ?? '', headers: req.headers, body, json };
			received.push(r);
			const out = reply(r);
			res.writeHead(out.status, { 'content-type': 'application/json' }).end(out.body ?? '{}');
			for (const w of waiters) if (received.length >= w.n) w.resolve();
		});
	});
	await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
	const actual = (server.address() as { port: number }).port;
	return {
		url: `http://127.0.0.1:${actual}`,
		port: actual,
		received,
		waitFor(n, timeoutMs = 10_000) {
			if (received.length >= n) return Promise.resolve(received);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`expected ${n} requests, got ${received.length} in ${timeoutMs} ms`)), timeoutMs);
				waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(received)) });
			});
		},
		async close() {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	};
}
