/**
 * GET /api/v1/pipeline and the `pipeline` socket event: every stage of the booking flow, in
 * order, with what flows through it and whether it is the one holding everyone back.
 */
export type StageStatus = 'ok' | 'strained' | 'bottleneck' | 'down' | 'no-data';

export interface StageState {
	id: string;
	name: string;
	kind: 'service' | 'queue';
	components: string[];
	/** Requests/s arriving (service) or people/s joining (queue). */
	inflowPerS: number | null;
	/** Successful requests/s (service) or people/s admitted onwards (queue). */
	outflowPerS: number | null;
	/** People waiting: the queue length (queue) or active users (service). */
	queueLength: number | null;
	/** Change of queueLength per second, over the last seconds. */
	queueGrowthPerS: number | null;
	/** Throughput against planned capacity (0..1+), null without a planned capacity. */
	utilisation: number | null;
	/** Planned capacity minus current throughput, per second. */
	headroomPerS: number | null;
	/** Estimated wait in seconds (Little's law: queue / outflow) for queue stages. */
	waitS: number | null;
	/** Seconds until the queue is empty at the current net rate; null when it is not draining. */
	drainS: number | null;
	/** Seconds until the queue reaches its planned capacity at the current growth; null when not growing or no capacity. */
	fullInS: number | null;
	errorRatio: number | null;
	p95Ms: number | null;
	/** How hard this stage limits end-to-end flow (>= 1: at or past its effective capacity). */
	pressure: number;
	status: StageStatus;
	/** One line on this stage, in words. */
	summary: string;
	/** The same in Korean (the page shows the one of its language). */
	summaryKo?: string;
}

export interface PipelineState {
	/** The second the figures describe (epoch ms). */
	time: number;
	stages: StageState[];
	/** Stage id holding the flow back, or null when the flow is healthy. */
	bottleneck: string | null;
	/** Why, in words, with the figures. */
	reason: string | null;
	/** The same in Korean. */
	reasonKo?: string | null;
	/** Since when the current verdict has held (epoch ms). */
	since: number | null;
}
