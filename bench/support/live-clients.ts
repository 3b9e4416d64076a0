/**
 * The client side of the live bench, and its reference server. Clients are spread over worker
 * processes: 1,000 sockets parsing frames in the parent's event loop would delay the receive
 * timestamps by the time the loop takes to get to each of them, and that is the bench's own cost,
 * not the server's. The reference is a plain socket.io server in its own process, for the same
 * reason. Every process runs on this machine, so Date.now() is one clock for all of them.
 *
 * This file is also the child's entry: forked with BENCH_LIVE_ROLE=clients or =reference.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientToServerEvents, Frame, ServerToClientEvents, Subscription } from '../../src/lib/protocol/live.ts';

/** What the workers collected since the last drain. */
export interface Receipts {
	/** Flat [client, t, sentAt, receivedAt] per (client, second): the first frame carrying a value for second t. */
	receipts: number[];
	frames: number;
	/** JSON length of the frames one client per worker received (all clients of a room get the same frame). */
	sampledBytes: number;
	sampledFrames: number;
	/** Frames a client never saw (sequence gaps: volatile frames dropped for a slow socket). */
	gaps: number;
	/** Sockets that disconnected on their own. */
	dropped: number;
}

export interface ClientFleet {
	readonly pids: number[];
	/** Connects `count` clients, `batch` at a time in all, and subscribes each to the overview board. */
	connect(url: string, token: string, count: number, batch: number): Promise<{ series: number }>;
	drain(): Promise<Receipts>;
	disconnect(): Promise<void>;
	stop(): void;
}

export interface ReferenceServer {
	url: string;
	pid: number;
	stop(): void;
}

type ToWorker = { type: 'connect'; url: string; token: string; count: number; batch: number; firstId: number } | { type: 'drain' } | { type: 'disconnect' };
type FromWorker = { type: 'connected'; series: number } | ({ type: 'drained' } & Receipts) | { type: 'disconnected' } | { type: 'failed'; error: string };

const entry = fileURLToPath(import.meta.url);

function forkRole(role: string, env: Record<string, string> = {}): ChildProcess {
	return fork(entry, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env, BENCH_LIVE_ROLE: role }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** One request at a time per worker: the next message from it is the answer. */
function ask(child: ChildProcess, msg: ToWorker): Promise<FromWorker> {
	return new Promise((resolve, reject) => {
		const onExit = (code: number | null) => reject(new Error(`client worker ${child.pid} exited with ${code} during ${msg.type}`));
		child.once('exit', onExit);
		child.once('message', (reply: FromWorker) => {
			child.off('exit', onExit);
			if (reply.type === 'failed') reject(new Error(`client worker ${child.pid}: ${reply.error}`));
			else resolve(reply);
		});
		child.send(msg);
	});
}

export function startClientWorkers(workers: number): ClientFleet {
	const children = Array.from({ length: workers }, () => forkRole('clients'));
	return {
		pids: children.map((c) => c.pid!),
		async connect(url, token, count, batch) {
			const per = children.map((_, i) => Math.floor(count / workers) + (i < count % workers ? 1 : 0));
			const perBatch = Math.max(1, Math.floor(batch / workers));
			const firstIds = per.map((_, i) => per.slice(0, i).reduce((a, b) => a + b, 0));
			const replies = await Promise.all(children.map((c, i) => ask(c, { type: 'connect', url, token, count: per[i], batch: perBatch, firstId: firstIds[i] })));
			return { series: Math.max(...replies.map((r) => (r.type === 'connected' ? r.series : 0))) };
		},
		async drain() {
			const replies = (await Promise.all(children.map((c) => ask(c, { type: 'drain' })))) as ({ type: 'drained' } & Receipts)[];
			const sum = (k: Exclude<keyof Receipts, 'receipts'>) => replies.reduce((s, r) => s + r[k], 0);
			return {
				receipts: replies.flatMap((r) => r.receipts),
				frames: sum('frames'),
				sampledBytes: sum('sampledBytes'),
				sampledFrames: sum('sampledFrames'),
				gaps: sum('gaps'),
				dropped: sum('dropped')
			};
		},
		async disconnect() {
			await Promise.all(children.map((c) => ask(c, { type: 'disconnect' })));
		},
		stop() {
			for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
		}
	};
}

/** A minimal socket.io server that broadcasts a `bytes`-sized frame once a second to everyone subscribed. */
export async function startReferenceServer(bytes: number): Promise<ReferenceServer> {
	const child = forkRole('reference', { BENCH_LIVE_FRAME_BYTES: String(bytes) });
	const port = await new Promise<number>((resolve, reject) => {
		child.once('message', (m: { port: number }) => resolve(m.port));
		child.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
	});
	return {
		url: `http://127.0.0.1:${port}`,
		pid: child.pid!,
		stop() {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	};
}

// ---- child processes -------------------------------------------------------------------------

async function serveClients(): Promise<void> {
	const { io } = await import('socket.io-client');
	type Client = { socket: import('socket.io-client').Socket<ServerToClientEvents, ClientToServerEvents>; id: number; lastSeq: number; seen: Set<number> };
	let clients: Client[] = [];
	let closing = false;
	let got: Receipts = empty();

	const onFrame = (c: Client, f: Frame, sample: boolean) => {
		const at = Date.now();
		got.frames++;
		if (sample) {
			got.sampledBytes += JSON.stringify(f).length;
			got.sampledFrames++;
		}
		if (f.seq > c.lastSeq + 1) got.gaps += f.seq - c.lastSeq - 1;
		c.lastSeq = Math.max(c.lastSeq, f.seq);
		const { times, values } = f.block;
		for (let k = 0; k < times.length; k++) {
			const t = times[k];
			if (c.seen.has(t) || !values.some((col) => col[k] !== null && col[k] !== undefined)) continue;
			c.seen.add(t);
			got.receipts.push(c.id, t, f.sentAt, at);
		}
	};

	const connectOne = async (url: string, token: string, id: number, sample: boolean): Promise<{ client: Client; series: number }> => {
		// forceNew: otherwise socket.io-client multiplexes every client of a URL over one connection.
		const socket: Client['socket'] = io(`${url}/live`, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false, timeout: 30_000 });
		const client: Client = { socket, id, lastSeq: -1, seen: new Set() };
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', (err) => reject(new Error(`client ${id} could not connect to ${url}/live: ${err.message}`)));
		});
		// Listen before subscribing: a frame may go out between the server's join and its reply.
		socket.on('frame', (f) => onFrame(client, f, sample));
		socket.on('disconnect', () => {
			if (!closing) got.dropped++;
		});
		const sub = await new Promise<Subscription>((resolve, reject) =>
			socket.timeout(30_000).emit('subscribe', { board: 'overview' }, (err, reply) => {
				if (err) reject(new Error(`client ${id}: no reply to subscribe within 30 s`));
				else if (!reply.ok) reject(new Error(`client ${id}: subscribe refused: ${reply.error}`));
				else resolve(reply.data);
			})
		);
		client.lastSeq = Math.max(client.lastSeq, sub.seq);
		return { client, series: sub.series.length };
	};

	process.on('message', async (msg: ToWorker) => {
		try {
			if (msg.type === 'connect') {
				closing = false;
				let series = 0;
				for (let i = 0; i < msg.count; i += msg.batch) {
					const n = Math.min(msg.batch, msg.count - i);
					const batch = await Promise.all(Array.from({ length: n }, (_, k) => connectOne(msg.url, msg.token, msg.firstId + i + k, i + k === 0)));
					for (const b of batch) clients.push(b.client);
					series = batch[0]?.series ?? series;
				}
				process.send!({ type: 'connected', series } satisfies FromWorker);
			} else if (msg.type === 'drain') {
				process.send!({ type: 'drained', ...got } satisfies FromWorker);
				got = empty();
			} else {
				closing = true;
				for (const c of clients) c.socket.close();
				clients = [];
				process.send!({ type: 'disconnected' } satisfies FromWorker);
			}
		} catch (err) {
			process.send!({ type: 'failed', error: (err as Error).message } satisfies FromWorker);
		}
	});
}

async function serveReference(): Promise<void> {
	const { createServer } = await import('node:http');
	const { Server } = await import('socket.io');
	const http = createServer();
	const nsp = new Server(http, { serveClient: false }).of('/live');
	let seq = 0;
	nsp.on('connection', (socket) => {
		socket.on('subscribe', (_req: unknown, ack: (r: unknown) => void) => {
			void socket.join('ref');
			ack({ ok: true, data: { room: 'ref', series: [], seq, snapshot: { times: [], values: [] }, windowMs: 0 } satisfies Subscription });
		});
	});
	const values = paddingColumns(Number(process.env.BENCH_LIVE_FRAME_BYTES));
	// On the whole second, as the monitor's frames follow the driver's posts on the whole second.
	const tick = () => {
		setTimeout(tick, 1000 - (Date.now() % 1000));
		const t = Math.round(Date.now() / 1000) * 1000;
		nsp.to('ref').emit('frame', { room: 'ref', seq: ++seq, sentAt: Date.now(), block: { times: [t], values } } satisfies Frame);
	};
	http.listen(0, '127.0.0.1', () => {
		process.send!({ port: (http.address() as { port: number }).port });
		tick();
	});
}

/** One-value columns until the frame's JSON is about `bytes` long. */
function paddingColumns(bytes: number): number[][] {
	const values: number[][] = [];
	const frameLength = () => JSON.stringify({ room: 'ref', seq: 1000, sentAt: Date.now(), block: { times: [Date.now()], values } }).length;
	while (frameLength() < bytes) values.push([Math.round(Math.random() * 1e6) / 100]);
	return values;
}

function empty(): Receipts {
	return { receipts: [], frames: 0, sampledBytes: 0, sampledFrames: 0, gaps: 0, dropped: 0 };
}

const role = process.env.BENCH_LIVE_ROLE;
if (role) {
	// A worker must not outlive the bench (killed with SIGKILL, it cannot clean up after us).
	process.on('disconnect', () => process.exit(0));
	await (role === 'clients' ? serveClients() : serveReference());
}
