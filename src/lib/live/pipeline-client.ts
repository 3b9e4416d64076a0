import { io } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../protocol/live.ts';
import type { PipelineState } from '../protocol/pipeline.ts';
import type { Socket } from 'socket.io-client';

/** The pipeline analysis as it changes: one `pipeline` event per tick. Reconnects by itself. */
export function subscribePipeline(onState: (state: PipelineState) => void, onConnection: (up: boolean) => void, token?: string): { close(): void } {
	const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(LIVE_NAMESPACE, {
		auth: (cb) => cb(token ? { token } : {}),
		transports: ['websocket', 'polling'],
		reconnectionDelay: 500,
		reconnectionDelayMax: 5_000
	});
	socket.on('connect', () => {
		socket.emit('subscribe', { pipeline: true }, () => onConnection(true));
	});
	socket.on('pipeline', onState);
	socket.on('disconnect', (reason) => {
		onConnection(false);
		if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1_000);
	});
	socket.on('connect_error', () => onConnection(false));
	return { close: () => socket.close() };
}
