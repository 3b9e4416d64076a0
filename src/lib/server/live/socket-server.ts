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
import { hasRole, outsideScope, scopePipeline, scopeSummary, type Identity, type Outcome, type Presented, type Principal, type ViewScope } from '../auth/index.ts';
import type { PipelineState } from '../../protocol/pipeline.ts';
import type { AlertsSummary } from '../../protocol/alerts.ts';

const PIPELINE_ROOM = 'pipeline';
/** Unscoped sockets get the whole alert summary here; a scoped one gets its own cut (scopedRooms). */
const ALERTS_ROOM = 'alerts';
/** setTimeout's limit; a session ending later is caught by the check on every event instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;
import type { Logger } from '../observability/index.ts';
import { isTlsRequest, securityHeaders } from '../http/security-headers.ts';
import type { Changes, LiveHub } from './hub.ts';

export interface LiveSocketDeps {
	hub: LiveHub;
	/** Who the handshake's credentials (auth.token, proxy header from a trusted peer, session cookie) name (src/lib/server/auth). */
	identify(presented: Presented): Outcome;
	/** The components this principal may see; null = all. */
	scopeOf(p: Principal): ViewScope | null;
	/** The sessions' clock (an injected one in tests), for dropping a socket when its session expires. */
	authNow?(): number;
	/** A socket was let in (token use goes to the audit log). */
	onConnect?(identity: Identity, peer: string | undefined): void;
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

interface SocketData {
	principal: Principal;
	identity: Identity;
	/** What the handshake presented: checked again on every event, so a signed-out, expired or removed credential stops at once. */
	presented: Presented;
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

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
			const presented = handshakePresented(socket);
			const refusal = this.admit(socket as LiveSocket, presented);
			if (refusal) return next(new Error(refusal));
			next();
		});
		this.nsp.on('connection', (socket) => this.serve(socket as LiveSocket));
		this.nsp.adapter.on('delete-room', (id: string) => {
			this.rooms.delete(id);
			this.scoped.delete(id);
		});
	}

	/** Null when let in; else why not, for the client's connect_error. */
	private admit(socket: LiveSocket, presented: Presented): string | null {
		const outcome = this.deps.identify(presented);
		if (!outcome) return 'unauthorized: sign in (connect with auth: { token }, or with the session cookie of /signin)';
		if (!outcome.ok) return `unauthorized: ${outcome.reason}`;
		const p = outcome.identity.principal;
		if (!hasRole(p, 'viewer')) return `forbidden: "${p.name}" (role ${p.role}) may not view live data: this needs the viewer role (or operator, admin)`;
		socket.data.principal = p;
		socket.data.identity = outcome.identity;
		socket.data.presented = presented;
		this.deps.onConnect?.(outcome.identity, presented.peer);
		return null;
	}

	/** Null while the socket's credentials still hold; else the reason, and the socket is dropped. */
	private stillValid(socket: LiveSocket): string | null {
		const outcome = this.deps.identify(socket.data.presented);
		const p = outcome && outcome.ok ? outcome.identity.principal : null;
		if (p && p.name === socket.data.principal.name && p.role === socket.data.principal.role) {
			socket.data.principal = p;
			return null;
		}
		const reason = 'signed out: the session ended or the token was removed; sign in again';
		setImmediate(() => socket.disconnect(true));
		return reason;
	}

	private serve(socket: LiveSocket): void {
		const scope = this.deps.scopeOf(socket.data.principal);
		// Every page shows the alert banner: the current summary on connect, changes after.
		void socket.join(scope ? this.scopedRoom('alerts', scope) : ALERTS_ROOM);
		if (this.alerts) socket.emit('alerts', scopeSummary(this.alerts, scope));
		const expires = socket.data.identity.session?.expires;
		if (expires !== undefined) {
			const ms = expires * 1000 - (this.deps.authNow ?? Date.now)();
			if (ms < MAX_TIMER_MS) {
				const timer = setTimeout(() => socket.disconnect(true), Math.max(0, ms));
				socket.once('disconnect', () => clearTimeout(timer));
			}
		}
		socket.on('subscribe', (req, ack) => {
			if (typeof ack !== 'function') return;
			const invalid = this.stillValid(socket);
			if (invalid) return ack({ ok: false, error: invalid });
			void this.subscribe(socket, req ?? {}).then(ack, (err) => ack(failure(err)));
		});
		socket.on('unsubscribe', (room, ack) => {
			const invalid = this.stillValid(socket);
			if (invalid) return typeof ack === 'function' && ack({ ok: false, error: invalid });
			void socket.leave(String(room));
			if (typeof ack === 'function') ack({ ok: true, data: null });
		});
		socket.on('fill', (req, ack) => {
			if (typeof ack !== 'function') return;
			const invalid = this.stillValid(socket);
			if (invalid) return ack({ ok: false, error: invalid });
			const room = this.rooms.get(String(req?.room));
			if (!room || !socket.rooms.has(room.id)) return ack({ ok: false, error: 'not subscribed to that room' });
			void this.blockSince(room, Number(req.since)).then((block) => ack({ ok: true, data: { block, seq: room.seq } }), (err) => ack(failure(err)));
		});
	}

	/** Scoped sockets share a room per principal, and get that principal's cut of the alerts and the pipeline. */
	private readonly scoped = new Map<string, ViewScope>();

	private scopedRoom(kind: 'alerts' | 'pipeline', scope: ViewScope): string {
		const id = `${kind}:${scope.name}`;
		this.scoped.set(id, scope);
		return id;
	}

	/** Drops the sockets whose credentials no longer hold (after a sign-out, or a config reload). */
	recheckSockets(): number {
		let dropped = 0;
		for (const socket of this.nsp.sockets.values()) if (this.stillValid(socket as LiveSocket)) dropped++;
		return dropped;
	}

	/** Drops the sockets of one session at once (sign-out). */
	endSession(sessionId: string): number {
		let dropped = 0;
		for (const socket of this.nsp.sockets.values()) {
			if ((socket as LiveSocket).data.identity?.session?.id !== sessionId) continue;
			socket.disconnect(true);
			dropped++;
		}
		return dropped;
	}

	private async subscribe(socket: LiveSocket, req: SubscribeRequest): Promise<Reply<import('../../protocol/live.ts').Subscription>> {
		const scope = this.deps.scopeOf(socket.data.principal);
		if (scope) {
			const asked = [...(req.components ?? []), ...(req.series ?? []).map((s) => s?.component)].map(String);
			const outside = asked.find((c) => !scope.allows(c));
			if (outside !== undefined) return { ok: false, error: outsideScope(scope, outside) };
		}
		if (req.pipeline) await socket.join(scope ? this.scopedRoom('pipeline', scope) : PIPELINE_ROOM);
		// A board's panels beyond the scope are left out, as the board page leaves them out.
		const series = this.deps.resolve(req, socket.data.principal).filter((s) => !scope || scope.allows(s.component));
		if (series.length === 0 && req.board !== undefined && scope) return { ok: false, error: `board "${req.board}" shows nothing within the scope of "${scope.name}"` };
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
		this.nsp.to(ALERTS_ROOM).emit('alerts', summary);
		for (const [room, scope] of this.scopedRooms('alerts:')) this.nsp.to(room).emit('alerts', scopeSummary(summary, scope));
	}

	/** Scoped rooms of a kind that still have sockets; empty ones are forgotten. */
	private *scopedRooms(prefix: string): Generator<[string, ViewScope]> {
		for (const [room, scope] of this.scoped) {
			if (!room.startsWith(prefix)) continue;
			if ((this.nsp.adapter.rooms.get(room)?.size ?? 0) > 0) yield [room, scope];
			else this.scoped.delete(room);
		}
	}

	/** The pipeline analysis, once a tick, to those who asked for it; dropped for a slow client like frames. */
	sendPipeline(state: PipelineState): void {
		for (const [room, scope] of this.scopedRooms('pipeline:')) this.nsp.to(room).volatile.emit('pipeline', scopePipeline(state, scope));
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

/** The handshake's credentials in the auth module's terms: peer from the socket, never X-Forwarded-For. */
function handshakePresented(socket: Socket): Presented {
	const h = socket.handshake;
	const token = typeof h.auth?.token === 'string' && h.auth.token ? h.auth.token : undefined;
	return {
		token,
		cookie: h.headers.cookie,
		header: (name) => {
			const v = h.headers[name.toLowerCase()];
			return Array.isArray(v) ? v[0] : v;
		},
		peer: h.address,
		encrypted: h.secure
	};
}

function failure(err: unknown): { ok: false; error: string } {
	return { ok: false, error: err instanceof Error ? err.message : String(err) };
}
