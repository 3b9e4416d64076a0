import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, Frame, ServerToClientEvents, Subscription } from '../../../src/lib/protocol/live.ts';
import { parseLineProtocol } from '../../../src/lib/server/ingest/index.ts';
import { startInProcess, type InProcessApp } from '../../helpers/services.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()!();
});

async function start(): Promise<InProcessApp> {
	const app = await startInProcess();
	cleanups.push(() => app.close());
	return app;
}

/** `null` connects without a token (undefined would take the default, the admin token). */
function connect(app: InProcessApp, token: string | null = app.adminToken, extra: Record<string, unknown> = {}): Client {
	const c: Client = io(`${app.url}/live`, { auth: token ? { token } : {}, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 300, ...extra });
	cleanups.push(() => c.close());
	return c;
}

function subscribe(c: Client, req: Parameters<ClientToServerEvents['subscribe']>[0]): Promise<Subscription> {
	return new Promise((resolve, reject) =>
		c.emit('subscribe', req, (reply) => (reply.ok ? resolve(reply.data) : reject(new Error(reply.error))))
	);
}

async function ingest(app: InProcessApp, lines: string[]): Promise<void> {
	const res = await fetch(`${app.url}/api/v1/write?precision=ms`, { method: 'POST', headers: { authorization: `Token ${app.adminToken}` }, body: lines.join('\n') });
	if (res.status !== 204) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
}

/** Collects frames; `until` resolves once a predicate over the collected frames holds. */
function collect(c: Client) {
	const frames: Frame[] = [];
	const waiters: { pred: (f: Frame[]) => boolean; resolve: () => void }[] = [];
	c.on('frame', (f) => {
		frames.push(f);
		for (const w of [...waiters]) if (w.pred(frames)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
	});
	return {
		frames,
		until(pred: (f: Frame[]) => boolean, timeoutMs = 5_000) {
			if (pred(frames)) return Promise.resolve();
			return new Promise<void>((resolve, reject) => {
				const t = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms (got ${frames.length}; last: ${JSON.stringify(frames.at(-1))?.slice(0, 400)})`)), timeoutMs);
				waiters.push({ pred, resolve: () => (clearTimeout(t), resolve()) });
			});
		}
	};
}

/** The value of series `col` at second `t` in any frame received so far (last wins). */
function valueAt(sub: Subscription, frames: Frame[], component: string, field: string, t: number): number | null | undefined {
	const col = sub.series.findIndex((s) => s.component === component && s.field === field);
	let v: number | null | undefined;
	for (const f of frames) {
		const i = f.block.times.indexOf(t);
		if (i >= 0) v = f.block.values[col][i];
	}
	return v;
}

const second = () => Math.floor(Date.now() / 1000) * 1000;

describe('socket.io /live', () => {
	it('refuses a client without a valid token', async () => {
		const app = await start();
		for (const token of [null, 'not-a-token']) {
			const c = connect(app, token, { reconnection: false });
			const err = await new Promise<Error>((r) => c.once('connect_error', r));
			expect(err.message).toMatch(/unauthorized/);
		}
	});

	it('streams frames for a board with the rolled-up values of points just ingested', async () => {
		const app = await start();
		const c = connect(app);
		const sub = await subscribe(c, { board: 'overview' });
		expect(sub.series).toContainEqual({ component: 'cdn', measurement: 'traffic', field: 'rps' });
		const got = collect(c);
		const t = second();
		await ingest(app, [`traffic,component=cdn,instance=a rps=100 ${t}`, `traffic,component=cdn,instance=b rps=23 ${t}`]);
		await got.until((fs) => valueAt(sub, fs, 'cdn', 'rps', t) === 123);
		// frames keep coming as the next seconds arrive, in sequence
		await ingest(app, [`traffic,component=cdn,instance=a rps=5 ${t + 1000}`]);
		await got.until((fs) => valueAt(sub, fs, 'cdn', 'rps', t + 1000) === 5);
		const seqs = got.frames.map((f) => f.seq);
		expect(seqs).toEqual(seqs.map((_, i) => sub.seq + 1 + i));
	});

	it('fills the missing seconds after a server-side disconnect, so the series has no hole', async () => {
		const app = await start();
		const c = connect(app);
		const sub = await subscribe(c, { components: ['cdn'] });
		const got = collect(c);
		const t = second() - 5_000;
		await ingest(app, [`traffic,component=cdn,instance=a rps=1 ${t}`]);
		await got.until((fs) => valueAt(sub, fs, 'cdn', 'rps', t) === 1);

		// A network cut as the client sees it: the connection drops without a goodbye, so it reconnects
		// by itself (a server-sent disconnect would tell socket.io not to).
		for (const s of app.app.live.sockets.io.of('/live').sockets.values()) s.conn.close();
		await new Promise<void>((r) => c.once('disconnect', () => r()));
		// points arrive while the client is away
		await ingest(app, [1, 2, 3].map((i) => `traffic,component=cdn,instance=a rps=${1 + i} ${t + i * 1000}`));
		// Rollups are computed on the 100 ms flush; on a loaded machine the client can be back sooner.
		app.app.live.flush();
		await new Promise<void>((r) => c.once('connect', () => r()));
		const again = await subscribe(c, { components: ['cdn'], since: t });
		const col = again.series.findIndex((s) => s.component === 'cdn' && s.field === 'rps');
		const filled = [1, 2, 3].map((i) => again.snapshot.values[col][again.snapshot.times.indexOf(t + i * 1000)]);
		expect(filled).toEqual([2, 3, 4]);
		expect(again.snapshot.times[0]).toBe(t + 1000);
	});

	it('drops frames for a client that stops reading instead of buffering them', async () => {
		const app = await start();
		const components = Array.from({ length: 60 }, (_, i) => `svc-${i}`);
		const fields = ['rps', 'requests', 'active_users', 'p50_ms', 'p95_ms', 'p99_ms'];
		const slow = connect(app);
		// Undeclared components may be subscribed once they have sent something.
		await ingest(app, components.map((c) => `traffic,component=${c},instance=x ${fields.map((f) => `${f}=0`).join(',')} ${second() - 30_000}`));
		const sub = await subscribe(slow, { series: components.flatMap((component) => fields.map((field) => ({ component, measurement: 'traffic', field }))) });
		const got = collect(slow);
		const serverSocket = [...app.app.live.sockets.io.of('/live').sockets.values()][0];
		// Stop reading on the client's TCP socket: once the kernel buffers fill, the server's writes back up.
		const engine = slow.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } };
		engine.transport.ws._socket.pause();
		const serverTcp = (serverSocket.conn.transport as unknown as { socket: { _socket: { writableLength: number } } }).socket._socket;
		let maxBuffered = 0;
		const t0 = second() - 40_000;
		for (let i = 0; i < 200; i++) {
			// Each round rewrites 45 seconds of 360 series: a frame of ~50 KB. Points go straight into
			// the hub (this test is about the socket, not the write path, which would take longer).
			const lines: string[] = [];
			for (let k = 0; k < 45; k++) {
				for (const c of components) lines.push(`traffic,component=${c},instance=x ${fields.map((f) => `${f}=${i}`).join(',')} ${t0 + k * 1000}`);
			}
			app.app.live.publish(parseLineProtocol(lines.join('\n'), { precision: 'ms', nowNs: `${Date.now()}000000` }).points);
			app.app.live.flush();
			await new Promise((r) => setImmediate(r));
			maxBuffered = Math.max(maxBuffered, serverTcp.writableLength);
		}
		const built = Number((await app.app.services.metrics.registry.getSingleMetricAsString('monitor_live_frame_bytes')).match(/monitor_live_frame_bytes_sum (\d+)/)![1]);
		expect(built).toBeGreaterThan(8_000_000); // more than loopback's kernel buffers hold (~4 MB at most)
		expect(maxBuffered).toBeLessThan(2_000_000); // what the server holds for this client stays bounded
		engine.transport.ws._socket.resume();
		// The next tick after the client catches up arrives, with a jump in seq where frames were dropped.
		await new Promise((r) => setTimeout(r, 500));
		app.app.live.publish(parseLineProtocol(components.map((c) => `traffic,component=${c},instance=x rps=1 ${second()}`).join('\n'), { precision: 'ms', nowNs: `${Date.now()}000000` }).points);
		app.app.live.flush();
		await got.until((fs) => fs.length > 0 && fs.at(-1)!.seq > sub.seq + fs.length, 10_000); // frames were dropped: a gap in seq
	});
});
