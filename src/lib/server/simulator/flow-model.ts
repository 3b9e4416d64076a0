import type { Component, Config, Stage } from '../config/index.ts';
import { arrivalsAt, faultsAt, type Scenario } from './scenario.ts';

/**
 * A people-flow model of a booking pipeline, one second at a time. People arrive at the first
 * stage, each stage serves up to its planned capacity (scaled by any fault), failures partly
 * retry and partly give up, and a queue stage admits only as many as the next stage can take,
 * which is what a virtual waiting room does. People are conserved: everyone who arrived has
 * either finished, given up, or is still somewhere in the pipeline, so the charts it drives
 * tell a consistent story (test: flow-model.test.ts).
 */

export interface Latency {
	p50: number;
	p95: number;
	p99: number;
}

export interface ComponentFlow {
	component: Component;
	stage: Stage;
	/** People who reached this component this second. */
	inflow: number;
	/** People this component finished successfully this second. */
	served: number;
	/** Requests answered with an error this second, by status code. */
	errors: Record<string, number>;
	/** Requests handled this second (people x requests per person). */
	requests: number;
	/** People at this component (in service or waiting) at the end of the second. */
	active: number;
	latencyMs: Latency;
	/** Only for queue stages. */
	queue?: { length: number; enqueued: number; dequeued: number; waitP95S: number };
	/** Planned capacity in people per second, after faults. */
	capacityPerS: number;
}

export interface FlowTick {
	/** Offset from the opening in ms (negative before it). */
	offsetMs: number;
	arrivals: number;
	completed: number;
	abandoned: number;
	components: ComponentFlow[];
}

export interface FlowTotals {
	arrived: number;
	completed: number;
	abandoned: number;
	/** People still inside the pipeline. */
	inside: number;
}

const BASE_ERROR_RATIO = 0.002;
const RETRY_SHARE = 0.8;
const QUEUE_GIVE_UP_PER_S = 0.0002;
const MAX_WAIT_S = 3600;
/** Gateways give up on a request after this long; latencies never read higher. */
const TIMEOUT_MS = 30_000;

export class FlowModel {
	private readonly backlog = new Map<string, number>();
	private readonly stages: { stage: Stage; components: Component[] }[];
	private arrived = 0;
	private completed = 0;
	private abandoned = 0;

	constructor(
		config: Pick<Config, 'components' | 'pipeline'>,
		private readonly scenario: Scenario
	) {
		this.stages = config.pipeline.stages
			.map((stage) => ({ stage, components: config.components.filter((c) => c.stage === stage.id) }))
			.filter((s) => s.components.length > 0);
		for (const c of config.components) this.backlog.set(c.id, 0);
	}

	totals(): FlowTotals {
		let inside = 0;
		for (const v of this.backlog.values()) inside += v;
		return { arrived: this.arrived, completed: this.completed, abandoned: this.abandoned, inside };
	}

	/** Advances one second; `offsetMs` is the time since the opening. */
	step(offsetMs: number): FlowTick {
		const arrivals = arrivalsAt(this.scenario.arrivals, offsetMs);
		this.arrived += arrivals;
		const flows: ComponentFlow[] = [];
		let inflow = arrivals;
		let abandoned = 0;
		for (let i = 0; i < this.stages.length; i++) {
			const { stage, components } = this.stages[i];
			const shares = this.shares(components);
			let outflow = 0;
			for (let j = 0; j < components.length; j++) {
				const c = components[j];
				const arriving = inflow * shares[j];
				const f =
					stage.kind === 'queue'
						? this.stepQueue(c, stage, arriving, this.roomDownstream(i + 1, offsetMs, components.length), offsetMs)
						: this.stepService(c, stage, arriving, offsetMs);
				outflow += f.flow.served;
				abandoned += f.gaveUp;
				flows.push(f.flow);
			}
			inflow = outflow;
		}
		this.completed += inflow;
		this.abandoned += abandoned;
		return { offsetMs, arrivals, completed: inflow, abandoned, components: flows };
	}

	private stepService(c: Component, stage: Stage, arriving: number, t: number) {
		const faults = faultsAt(this.scenario.faults, c.id, t);
		const cap = this.capacityPerS(c, t);
		const available = (this.backlog.get(c.id) ?? 0) + arriving;
		const attempts = Math.min(available, cap);
		// Overload shows up as 503s before it shows up as a collapse; faults add their own 500s.
		const overload = cap > 0 ? Math.max(0, available / cap - 1) : 0;
		const overloadRatio = Math.min(0.3, overload * 0.02);
		const faultRatio = Math.min(0.95, faults.reduce((r, f) => r + f.error_ratio, 0));
		const failed503 = attempts * overloadRatio;
		const failed500 = attempts * Math.min(0.95, BASE_ERROR_RATIO + faultRatio);
		const failed = Math.min(attempts, failed503 + failed500);
		const served = attempts - failed;
		const gaveUp = failed * (1 - RETRY_SHARE);
		const remaining = available - attempts + failed * RETRY_SHARE;
		this.backlog.set(c.id, remaining);

		const utilisation = cap > 0 ? attempts / cap : 1;
		const waitS = Math.min(MAX_WAIT_S, remaining / Math.max(attempts, 1));
		const base = this.scenario.base_latency_ms[c.id] ?? this.scenario.base_latency_ms[stage.id] ?? 80;
		const extra = faults.reduce((ms, f) => ms + f.latency_ms, 0);
		const p50 = base * (1 + 2 * utilisation ** 4) + extra + waitS * 500;
		const p95 = p50 * 2 + waitS * 400;
		return {
			gaveUp,
			flow: {
				component: c,
				stage,
				inflow: arriving,
				served,
				// In requests, like `requests`: a failed attempt fails all of that person's requests there.
				errors: { '500': failed500 * this.requestsPerUser(c, stage), '503': failed503 * this.requestsPerUser(c, stage) },
				requests: attempts * this.requestsPerUser(c, stage),
				active: remaining + attempts,
				latencyMs: {
					p50: Math.min(TIMEOUT_MS, p50),
					p95: Math.min(TIMEOUT_MS, p95),
					p99: Math.min(TIMEOUT_MS, p95 * 1.6)
				},
				capacityPerS: cap
			} satisfies ComponentFlow
		};
	}

	private stepQueue(c: Component, stage: Stage, arriving: number, room: number, t: number) {
		let queued = (this.backlog.get(c.id) ?? 0) + arriving;
		// A full waiting room turns newcomers away with a 503 rather than grow without bound.
		const limit = c.capacity?.queue_length ?? Infinity;
		const turnedAway = Math.max(0, queued - limit);
		queued -= turnedAway;
		const admitted = Math.max(0, Math.min(queued, this.capacityPerS(c, t), room));
		const gaveUp = (queued - admitted) * QUEUE_GIVE_UP_PER_S + turnedAway;
		const length = queued - admitted - (gaveUp - turnedAway);
		this.backlog.set(c.id, length);
		const waitS = Math.min(MAX_WAIT_S, length / Math.max(admitted, 1));
		const base = this.scenario.base_latency_ms[c.id] ?? this.scenario.base_latency_ms[stage.id] ?? 30;
		return {
			gaveUp,
			flow: {
				component: c,
				stage,
				inflow: arriving,
				served: admitted,
				errors: { '500': 0, '503': turnedAway * this.requestsPerUser(c, stage) },
				// Joining and leaving the queue are the requests the waiting room itself serves.
				requests: (arriving + admitted) * this.requestsPerUser(c, stage),
				active: length,
				latencyMs: { p50: base, p95: base * 2, p99: base * 3 },
				queue: { length, enqueued: arriving, dequeued: admitted, waitP95S: waitS * 1.2 },
				capacityPerS: this.capacityPerS(c, t)
			} satisfies ComponentFlow
		};
	}

	/** People per second the stage after a waiting room can take without building a backlog. */
	private roomDownstream(index: number, t: number, siblings: number): number {
		const next = this.stages[index];
		if (!next) return Infinity;
		let room = 0;
		for (const c of next.components) {
			const cap = this.capacityPerS(c, t);
			// Leave room for retries already waiting there, a fifth of them each second.
			room += Math.max(0, cap - (this.backlog.get(c.id) ?? 0) / 5);
		}
		return room / siblings;
	}

	private capacityPerS(c: Component, t: number): number {
		const stage = this.stages.find((s) => s.stage.id === c.stage)!.stage;
		const rps = c.capacity?.rps ?? (c.capacity?.users_per_hour ? (c.capacity.users_per_hour / 3600) * this.requestsPerUser(c, stage) : Infinity);
		const factor = faultsAt(this.scenario.faults, c.id, t).reduce((k, f) => k * f.capacity_factor, 1);
		return (rps / this.requestsPerUser(c, stage)) * factor;
	}

	private requestsPerUser(c: Component, stage: Stage): number {
		return this.scenario.requests_per_user[c.id] ?? this.scenario.requests_per_user[stage.id] ?? 1;
	}

	private shares(components: Component[]): number[] {
		const weights = components.map(
			(c) => this.scenario.share[c.id] ?? (Number.isFinite(c.capacity?.rps ?? NaN) ? c.capacity!.rps! : 1)
		);
		const total = weights.reduce((a, b) => a + b, 0);
		return weights.map((w) => w / total);
	}
}
