import type { AlertsSummary } from './alerts.ts';
import type { PipelineState } from './pipeline.ts';

/**
 * The live channel between the server's hub and browsers: socket.io namespace `/live`.
 * Shared by both sides; no Node imports here.
 *
 * Pattern (Grafana Live): subscribe -> a snapshot of the recent window, then one columnar frame
 * per flush with only the seconds that changed. Every frame carries a per-room sequence number;
 * a client that sees a gap, or reconnects, asks for exactly the seconds it misses (`since`).
 */

/** Resolution of the live window and of stored rollups. */
export const STEP_MS = 1000;
export const LIVE_NAMESPACE = '/live';

/**
 * A chartable series. Without `instance` it is the component's rollup across its instances
 * (sum of rates and counts, max of queue lengths and latency percentiles); with it, one
 * instance's raw 1 s values.
 */
export interface SeriesRef {
	component: string;
	measurement: string;
	field: string;
	instance?: string;
}

/**
 * Columnar values, ready for uPlot: `times` are epoch milliseconds at whole seconds, ascending;
 * `values[s][t]` is series s at times[t], null where nothing arrived.
 */
export interface ColumnBlock {
	times: number[];
	values: (number | null)[][];
}

export interface SubscribeRequest {
	/** A board id from the config: the server subscribes to the series its panels show. */
	board?: string;
	/** All standard rollup series of these components. */
	components?: string[];
	/** Explicit series. */
	series?: SeriesRef[];
	/** Also receive the pipeline analysis (`pipeline` event) every tick. */
	pipeline?: boolean;
	/**
	 * Epoch ms of the last second the client already holds (after a reconnect): the snapshot
	 * then starts just after it. Absent: the whole recent window.
	 */
	since?: number;
}

export interface Subscription {
	room: string;
	/** Column order of every block sent for this room. */
	series: SeriesRef[];
	/** Sequence number of the last frame included in the snapshot; the next frame is seq + 1. */
	seq: number;
	snapshot: ColumnBlock;
	/** How long the server keeps seconds in memory; older ones come from /api/v1/series. */
	windowMs: number;
}

export interface Frame {
	room: string;
	seq: number;
	/** Server clock when the frame was built (ms), so clients can show data age honestly. */
	sentAt: number;
	/** The seconds that changed since the previous frame (new seconds, and late points in recent ones). */
	block: ColumnBlock;
}

export interface FillRequest {
	room: string;
	since: number;
}

/** Every request is acknowledged with the same envelope. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: string };

export interface ClientToServerEvents {
	subscribe(req: SubscribeRequest, ack: (reply: Reply<Subscription>) => void): void;
	unsubscribe(room: string, ack: (reply: Reply<null>) => void): void;
	/** Missing seconds after a sequence gap within one connection. */
	fill(req: FillRequest, ack: (reply: Reply<{ block: ColumnBlock; seq: number }>) => void): void;
}

export interface ServerToClientEvents {
	frame(frame: Frame): void;
	/** Every tick, to clients that subscribed with `pipeline: true`. */
	pipeline(state: PipelineState): void;
	/** To every client on connect and whenever the firing alerts change (banner, markers, wall). */
	alerts(summary: AlertsSummary): void;
	/** The server is going away (deploy, restart): reconnect with backoff, then fill the gap. */
	bye(reason: string): void;
}

/** Stable text key of a series, for maps and colours. */
export function seriesKey(s: SeriesRef): string {
	return `${s.component}\u001f${s.measurement}\u001f${s.field}\u001f${s.instance ?? ''}`;
}
