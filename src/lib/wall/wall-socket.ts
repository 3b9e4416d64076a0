import { io, type Socket } from 'socket.io-client';
import type { AlertsSummary } from '../protocol/alerts.ts';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../protocol/live.ts';
import type { PipelineState } from '../protocol/pipeline.ts';

export interface WallSocketHandlers {
	/** Every tick (1 s): the analysis, which doubles as the wall's heartbeat. */
	pipeline(state: PipelineState): void;
	/** On connect and whenever the firing alerts change. */
	alerts(summary: AlertsSummary): void;
	connection(up: boolean): void;
	/** A connection after a lost one (server restart, network back): check for a new build. */
	reconnected(): void;
	/** The server refused the session (cookie expired, token revoked). */
	refused(message: string): void;
}

/** How long to wait before asking again after the server refused us; a fixed wall has time. */
const REFUSED_RETRY_MS = 30_000;

/**
 * The wall's one always-open connection to `/live`: the pipeline analysis and the alerts
 * summary for the strip, the pause and the staleness check. Reconnects forever: socket.io
 * retries transport failures by itself (reconnectionAttempts defaults to Infinity), but not
 * a server-side disconnect or a refusal by the auth middleware, so those are retried here.
 */
export function connectWall(handlers: WallSocketHandlers, url = ''): { close(): void } {
	const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${url}${LIVE_NAMESPACE}`, {
		transports: ['websocket', 'polling'],
		reconnectionDelay: 500,
		reconnectionDelayMax: 5_000,
		randomizationFactor: 0.5
	});
	let everConnected = false;
	let closed = false;
	let retry: ReturnType<typeof setTimeout> | undefined;
	const retryLater = (ms: number) => {
		clearTimeout(retry);
		retry = setTimeout(() => !closed && !socket.connected && socket.connect(), ms);
	};

	socket.on('connect', () => {
		// The session cookie rides on the handshake; subscribing to the pipeline needs no series.
		socket.emit('subscribe', { pipeline: true }, () => undefined);
		handlers.connection(true);
		if (everConnected) handlers.reconnected();
		everConnected = true;
	});
	socket.on('pipeline', (s) => handlers.pipeline(s));
	socket.on('alerts', (a) => handlers.alerts(a));
	socket.on('disconnect', (reason) => {
		handlers.connection(false);
		if (!closed && reason === 'io server disconnect') retryLater(1_000);
	});
	socket.on('connect_error', (err) => {
		handlers.connection(false);
		// `active` is false only when the middleware refused: socket.io will not retry that itself.
		if (!socket.active) {
			handlers.refused(err.message);
			retryLater(REFUSED_RETRY_MS);
		}
	});
	return {
		close() {
			closed = true;
			clearTimeout(retry);
			socket.close();
		}
	};
}
