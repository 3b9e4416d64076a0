/** One opening of a booking window (a series yields one per repeat). Times are epoch ms. */
export interface BookingWindow {
	/** `<window id>` for a single opening, `<window id>-<n>` (1-based) for the n-th of a series. */
	id: string;
	/** The configured window (series) it belongs to. */
	series: string;
	name: string;
	cohort: string | null;
	start: number;
	end: number;
	timeZone: string;
}

/** GET /api/v1/windows: the openings around now, and those overlapping a range when asked. */
export interface WindowsResponse {
	now: number;
	current: BookingWindow | null;
	previous: BookingWindow | null;
	next: BookingWindow | null;
	/** Openings overlapping [from, to] when the request gave a range, else the recent and coming ones. */
	windows: BookingWindow[];
}

/** A figure and when it happened (epoch ms). */
export interface Peak {
	value: number;
	at: number;
}

export interface StageReport {
	id: string;
	name: string;
	/** Requests handled (service stages) or people admitted (queue stages) in the window. */
	requests: number;
	errors: number;
	errorRatio: number | null;
	/** Highest inflow per second: requests/s (service) or people/s joining (queue). */
	peakInflow: Peak | null;
	peakQueue: Peak | null;
	/** Longest p95 wait reported by the stage's queues, in seconds. */
	longestWaitS: Peak | null;
	/** Seconds of the window this stage was named the bottleneck. */
	bottleneckS: number;
}

export interface BottleneckSpan {
	/** Stage id, or null for "none" (healthy) ; spans with no verdict (monitor down) are left out. */
	stage: string | null;
	from: number;
	to: number;
}

export interface AlertFired {
	rule: string;
	severity: string;
	component: string | null;
	at: number;
	summary: string;
	/** The same in Korean, when the rule has it. */
	summaryKo?: string;
}

/** GET /api/v1/windows/:id/report: one opening, from InfluxDB's rollups and the stored verdicts. */
export interface WindowReport {
	window: BookingWindow;
	/** The range the figures cover: the window, up to now while it is still open. */
	from: number;
	to: number;
	complete: boolean;
	/** Arrivals: the first stage's inflow per second. */
	peakArrivals: Peak | null;
	/** People in the flow at once: active users of every component plus everyone queued. */
	peakConcurrent: Peak | null;
	peakQueue: Peak | null;
	longestWaitS: Peak | null;
	/** Seconds from the opening until the queues were back under 1% of their peak; null if not (yet). */
	drainS: number | null;
	stages: StageReport[];
	bottlenecks: BottleneckSpan[];
	alerts: AlertFired[];
	/** The same series' previous opening, for window-over-window comparison. */
	previous: BookingWindow | null;
}
