import { io, type Socket } from 'socket.io-client';
import {
	LIVE_NAMESPACE,
	type ClientToServerEvents,
	type ColumnBlock,
	type Frame,
	type ServerToClientEvents,
	type SubscribeRequest,
	type Subscription
} from '../protocol/live.ts';

/**
 * The browser's end of `/live`: subscribes, passes snapshot and frames on as column blocks, and
 * never leaves a hole. A sequence gap within a connection asks for the missing seconds (`fill`);
 * after a reconnect the subscription is renewed with `since` = the last second held, so the
 * server sends exactly what was missed. Reconnects by itself with backoff, also when the server
 * said goodbye (deploy, restart).
 */

export type LiveState = 'connecting' | 'live' | 'stale' | 'reconnecting';

export interface LiveHandlers {
	/** First subscription: the column order and the snapshot of the recent window. */
	subscribed(sub: Subscription): void;
	/** Frames, gap fills and reconnect snapshots, in the subscription's column order. */
	block(block: ColumnBlock): void;
	state?(state: LiveState, lastFrameAt: number | null): void;
	error?(message: string): void;
}

export interface LiveHandle {
	close(): void;
}

/** Frames stop when no data changes; after this long without one the data is called stale. */
export const STALE_AFTER_MS = 3_000;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function subscribeLive(request: SubscribeRequest, handlers: LiveHandlers, opts: { token?: string; url?: string } = {}): LiveHandle {
	const socket: LiveSocket = io(`${opts.url ?? ''}${LIVE_NAMESPACE}`, {
		auth: (cb) => cb(opts.token ? { token: opts.token } : {}),
		transports: ['websocket', 'polling'],
		reconnectionDelay: 500,
		reconnectionDelayMax: 5_000,
		randomizationFactor: 0.5
	});
	let room: string | null = null;
	let seq = -1;
	let lastTime: number | null = null;
	let lastFrameAt: number | null = null;
	let state: LiveState = 'connecting';
	let subscribedOnce = false;
	let closed = false;

	const setState = (next: LiveState) => {
		if (next === state) return;
		state = next;
		handlers.state?.(state, lastFrameAt);
	};
	const take = (block: ColumnBlock) => {
		if (block.times.length === 0) return;
		const newest = block.times[block.times.length - 1];
		if (lastTime === null || newest > lastTime) lastTime = newest;
		handlers.block(block);
	};

	socket.on('connect', () => {
		socket.emit('subscribe', { ...request, since: lastTime ?? undefined }, (reply) => {
			if (!reply.ok) return handlers.error?.(reply.error);
			room = reply.data.room;
			seq = reply.data.seq;
			if (!subscribedOnce) {
				subscribedOnce = true;
				handlers.subscribed(reply.data);
				if (reply.data.snapshot.times.length) lastTime = reply.data.snapshot.times.at(-1)!;
			} else {
				take(reply.data.snapshot);
			}
			lastFrameAt = Date.now();
			setState('live');
		});
	});

	socket.on('frame', (frame: Frame) => {
		if (frame.room !== room) return;
		if (seq >= 0 && frame.seq > seq + 1 && lastTime !== null) {
			// Frames were dropped (a slow link): ask for the seconds after the last one held.
			const since = lastTime;
			socket.emit('fill', { room: frame.room, since }, (reply) => reply.ok && take(reply.data.block));
		}
		seq = frame.seq;
		lastFrameAt = Date.now();
		take(frame.block);
		setState('live');
	});

	socket.on('disconnect', (reason) => {
		if (closed) return;
		setState('reconnecting');
		// After a server-side disconnect socket.io does not retry by itself: we do.
		if (reason === 'io server disconnect') setTimeout(() => !closed && socket.connect(), 1_000);
	});
	socket.on('bye', () => setState('reconnecting'));
	socket.on('connect_error', (err) => {
		setState('reconnecting');
		if (/unauthori[sz]ed/i.test(err.message)) handlers.error?.(err.message);
	});

	const watchdog = setInterval(() => {
		if (state === 'live' && lastFrameAt !== null && Date.now() - lastFrameAt > STALE_AFTER_MS) setState('stale');
		handlers.state?.(state, lastFrameAt);
	}, 1_000);

	return {
		close() {
			closed = true;
			clearInterval(watchdog);
			socket.close();
		}
	};
}
