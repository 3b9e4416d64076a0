import { createHash } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import {
	LIVE_NAMESPACE,
	seriesKey,
	type ClientToServerEvents,
	type ColumnBlock,
	type Reply,
	type SeriesRef,
	type ServerToClientEvents,
	type SubscribeRequest
} from '../../protocol/live.ts';
import type { Principal } from '../auth/index.ts';
import type { PipelineState } from '../../protocol/pipeline.ts';
import type { AlertsSummary } from '../../protocol/alerts.ts';

const PIPELINE_ROOM = 'pipeline';
import type { Logger } from '../observability/index.ts';
import { isTlsRequest, securityHeaders } from '../http/security-headers.ts';
import type { Changes, LiveHub } from './hub.ts';

export interface LiveSocketDeps {
	hub: LiveHub;
	/** Resolves the handshake's credentials (token, or cookie header) to a principal allowed to view, or null. */
	authenticate(token: string | undefined, cookie: string | undefined): Principal | null;
	/** The rollup series a subscription asks for; throws a message for the client when it names something unknown. */
	resolve(req: SubscribeRequest, principal: Principal): SeriesRef[];
	/** Seconds older than the hub's window, from stored rollups (for a client back after a long gap). */
	backfill(series: SeriesRef[], fromMs: number, toMs: number): Promise<ColumnBlock>;
	onFrame?(bytes: number, clients: number): void;
	log: Logger;
}

interface Room {
	id: string;
	series: SeriesRef[];
	idx: number[];
	idxSet: Set<number>;
	seq: number;
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;

/**
 * socket.io on the app's HTTP server, namespace `/live`. Identical subscriptions share a room,
 * so each frame is built and encoded once for all its sockets; frames are volatile, so a client
 * that cannot keep up misses frames (and asks for the gap) instead of growing server memory.
 */
export class LiveSocketServer {
	readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
	private readonly nsp: Namespace<ClientToServerEvents, ServerToClientEvents>;
	private readonly rooms = new Map<string, Room>();

	constructor(
		httpServer: HttpServer,
		private readonly deps: LiveSocketDeps
	) {
		this.io = new Server(httpServer, { serveClient: false, pingInterval: 10_000, pingTimeout: 8_000, maxHttpBufferSize: 100_000 });
		// Long-polling answers are HTTP responses too: the same security headers as every other.
		this.io.engine.on('headers', (headers: Record<string, string>, req: IncomingMessage) => Object.assign(headers, securityHeaders(isTlsRequest(req))));
		this.nsp = this.io.of(LIVE_NAMESPACE);
		this.nsp.use((socket, next) => {
			const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
			const principal = deps.authenticate(token, socket.handshake.headers.cookie);
			if (!principal) return next(new Error('unauthorized: connect with auth: { token } or a session cookie'));
			(socket as LiveSocket).data.principal = principal;
			next();
		});
		this.nsp.on('connection', (socket) => this.serve(socket as LiveSocket));
		this.nsp.adapter.on('delete-room', (id: string) => this.rooms.delete(id));
	}

	private serve(socket: LiveSocket): void {
		// Every page shows the alert banner: the current summary on connect, changes after.
		if (this.alerts) socket.emit('alerts', this.alerts);
		socket.on('subscribe', (req, ack) => {
			if (typeof ack !== 'function') return;
			void this.subscribe(socket, req ?? {}).then(ack, (err) => ack(failure(err)));
		});
		socket.on('unsubscribe', (room, ack) => {
			void socket.leave(String(room));
			if (typeof ack === 'function') ack({ ok: true, data: null });
		});
		socket.on('fill', (req, ack) => {
			if (typeof ack !== 'function') return;
			const room = this.rooms.get(String(req?.room));
			if (!room || !socket.rooms.has(room.id)) return ack({ ok: false, error: 'not subscribed to that room' });
			void this.blockSince(room, Number(req.since)).then((block) => ack({ ok: true, data: { block, seq: room.seq } }), (err) => ack(failure(err)));
		});
	}

	private async subscribe(socket: LiveSocket, req: SubscribeRequest): Promise<Reply<import('../../protocol/live.ts').Subscription>> {
		if (req.pipeline) await socket.join(PIPELINE_ROOM);
		const series = this.deps.resolve(req, socket.data.principal);
		if (series.length === 0 && req.pipeline) return { ok: true, data: { room: PIPELINE_ROOM, series: [], seq: 0, snapshot: { times: [], values: [] }, windowMs: this.deps.hub.windowSeconds * 1000 } };
		if (series.length === 0) return { ok: false, error: 'nothing to subscribe to: give a board, components, series or pipeline' };
		const room = this.roomFor(series);
		const seq = room.seq;
		await socket.join(room.id);
		const snapshot = await this.blockSince(room, req.since);
		return { ok: true, data: { room: room.id, series: room.series, seq, snapshot, windowMs: this.deps.hub.windowSeconds * 1000 } };
	}

	/** Seconds after `since` (or the whole window) up to now: memory first, stored rollups for anything older. */
	private async blockSince(room: Room, since: number | undefined): Promise<ColumnBlock> {
		const hub = this.deps.hub;
		const now = hub.nowSecond();
		const fromSecond = since === undefined || !Number.isFinite(since) ? hub.oldestSecond : Math.floor(since / 1000) + 1;
		if (!Number.isFinite(hub.oldestSecond)) {
			// Nothing in memory yet (just started): everything asked for comes from the stored rollups.
			if (since === undefined || !Number.isFinite(since)) return { times: [], values: room.series.map(() => []) };
			return this.deps.backfill(room.series, fromSecond * 1000, now * 1000);
		}
		const recent = hub.readBlock(room.idx, Math.max(fromSecond, hub.oldestSecond), now);
		if (fromSecond >= hub.oldestSecond) return recent;
		const older = await this.deps.backfill(room.series, fromSecond * 1000, hub.oldestSecond * 1000 - 1);
		return { times: [...older.times, ...recent.times], values: room.series.map((_, i) => [...(older.values[i] ?? []), ...recent.values[i]]) };
	}

	private roomFor(series: SeriesRef[]): Room {
		const keys = series.map(seriesKey).sort();
		const id = `r:${createHash('sha1').update(keys.join('\n')).digest('base64url').slice(0, 16)}`;
		let room = this.rooms.get(id);
		if (!room) {
			const sorted = [...series].sort((a, b) => (seriesKey(a) < seriesKey(b) ? -1 : 1));
			const idx = sorted.map((s) => this.deps.hub.rollupFor(s));
			room = { id, series: sorted, idx, idxSet: new Set(idx), seq: 0 };
			this.rooms.set(id, room);
		}
		return room;
	}

	private alerts: AlertsSummary | null = null;

	/** The firing alerts, to every client: sent when they change (not volatile: the banner must not miss one). */
	sendAlerts(summary: AlertsSummary): void {
		this.alerts = summary;
		this.nsp.emit('alerts', summary);
	}

	/** The pipeline analysis, once a tick, to those who asked for it; dropped for a slow client like frames. */
	sendPipeline(state: PipelineState): void {
		if ((this.nsp.adapter.rooms.get(PIPELINE_ROOM)?.size ?? 0) === 0) return;
		this.nsp.to(PIPELINE_ROOM).volatile.emit('pipeline', state);
	}

	/** One frame per room whose series changed: called after every hub flush. */
	broadcast(changes: Changes): void {
		if (changes.size === 0) return;
		const seconds = [...changes.keys()].sort((a, b) => a - b);
		for (const room of this.rooms.values()) {
			const touched = seconds.filter((s) => intersects(changes.get(s)!, room.idxSet));
			if (touched.length === 0) continue;
			const clients = this.nsp.adapter.rooms.get(room.id)?.size ?? 0;
			if (clients === 0) continue;
			room.seq++;
			const frame = { room: room.id, seq: room.seq, sentAt: Date.now(), block: this.deps.hub.readSeconds(room.idx, touched) };
			this.nsp.volatile.to(room.id).emit('frame', frame);
			this.deps.onFrame?.(approxBytes(frame), clients);
		}
	}

	get clientCount(): number {
		return this.nsp.sockets.size;
	}

	/**
	 * Tells clients to reconnect later (deploy/restart) and drops their sockets. Not io.close():
	 * that would also close the HTTP server, which belongs to the entry and is closed there.
	 */
	close(): void {
		this.nsp.emit('bye', 'server shutting down');
		this.io.disconnectSockets(true);
		this.io.engine.close();
	}
}

function intersects(a: Set<number>, b: Set<number>): boolean {
	const [small, large] = a.size < b.size ? [a, b] : [b, a];
	for (const x of small) if (large.has(x)) return true;
	return false;
}

/** Frames are small; JSON length is a fair stand-in for socket.io's encoding, for the metrics. */
function approxBytes(frame: unknown): number {
	return JSON.stringify(frame).length;
}

function failure(err: unknown): { ok: false; error: string } {
	return { ok: false, error: err instanceof Error ? err.message : String(err) };
}
