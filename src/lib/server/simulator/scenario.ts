import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { durationMs, formatIssues } from '../config/index.ts';

/**
 * A simulator scenario: how many people arrive when, and what breaks. Times are offsets from
 * the moment the booking window opens ("opens_after" into the run), so one scenario file can
 * replay the 2021 opening surge or any single kind of bottleneck.
 */

const duration = z
	.string()
	.regex(/^\d+(ms|s|m|h|d|w)$/, 'a duration such as "30s", "10m"')
	.transform(durationMs);

const id = z.string().min(1);

export const ArrivalsSchema = z.strictObject({
	/** People per second arriving before the window opens (2021: about 300,000 an hour). */
	before_per_s: z.number().nonnegative().default(85),
	/** People per second at the top of the surge. */
	peak_per_s: z.number().nonnegative(),
	/** From opening to the peak. */
	ramp: duration.default(20_000),
	/** How long the peak holds. */
	peak_for: duration.default(180_000),
	/** From the peak down to the after-surge rate. */
	decay: duration.default(300_000),
	/** People per second once the surge is over (2021: over 2,000,000 an hour). */
	after_per_s: z.number().nonnegative().default(560)
});

export const FaultSchema = z.strictObject({
	component: id,
	/** Offset from the opening. */
	at: duration,
	for: duration,
	/** Capacity multiplier while the fault lasts (0.4 = 40% of planned capacity). */
	capacity_factor: z.number().min(0).max(10).default(1),
	/** Share of requests answered with a 5xx while the fault lasts. */
	error_ratio: z.number().min(0).max(1).default(0),
	/** Extra latency in ms (a slow database). */
	latency_ms: z.number().nonnegative().default(0)
});

export const ScenarioSchema = z.strictObject({
	name: z.string().min(1),
	description: z.string().optional(),
	/** The window opens this long after the simulator starts. */
	opens_after: duration.default(30_000),
	/** Length of one run; with --loop the scenario starts again after it. */
	duration: duration.default(1_200_000),
	arrivals: ArrivalsSchema,
	/** Requests each person makes at a stage (landing page assets, polling, API calls, queries). */
	requests_per_user: z.record(id, z.number().positive()).default({}),
	/** How people split between the components of one stage (default: by planned capacity). */
	share: z.record(id, z.number().positive()).default({}),
	/** Seconds a request takes at a component when it is idle. */
	base_latency_ms: z.record(id, z.number().positive()).default({}),
	faults: z.array(FaultSchema).default([]),
	/** Seed for the noise, so a run can be repeated exactly. */
	seed: z.number().int().default(2021)
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type Fault = z.infer<typeof FaultSchema>;

export class ScenarioError extends Error {
	constructor(file: string, problems: string[]) {
		super(`invalid scenario ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ScenarioError';
	}
}

export function parseScenario(text: string, file = '<scenario>'): Scenario {
	let raw: unknown;
	try {
		raw = parse(text);
	} catch (err) {
		throw new ScenarioError(file, [`YAML: ${(err as Error).message.split('\n')[0]}`]);
	}
	const result = ScenarioSchema.safeParse(raw ?? {});
	if (!result.success) throw new ScenarioError(file, formatIssues(result.error.issues));
	return result.data;
}

export function loadScenario(file: string): Scenario {
	return parseScenario(readFileSync(file, 'utf8'), file);
}

/** People arriving per second at offset `t` ms from the opening (negative: before it). */
export function arrivalsAt(a: Scenario['arrivals'], t: number): number {
	if (t < 0) return a.before_per_s;
	if (t < a.ramp) return a.before_per_s + ((a.peak_per_s - a.before_per_s) * t) / a.ramp;
	const afterPeak = t - a.ramp - a.peak_for;
	if (afterPeak < 0) return a.peak_per_s;
	if (afterPeak < a.decay) {
		// Exponential-looking decay: most people come in the first minutes.
		const k = afterPeak / a.decay;
		return a.after_per_s + (a.peak_per_s - a.after_per_s) * (1 - k) ** 2;
	}
	return a.after_per_s;
}

export function faultsAt(faults: Fault[], component: string, t: number): Fault[] {
	return faults.filter((f) => f.component === component && t >= f.at && t < f.at + f.for);
}
