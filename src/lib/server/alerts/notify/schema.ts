import { z } from 'zod';
import { MatcherError, matches, parseMatcher } from './matchers.ts';

/**
 * The notifier's part of the config file (`alerts.routes`, `alerts.mute_times`,
 * `alerts.default_channels`) and the silence shape the API accepts. Whoever owns the `alerts`
 * key spreads `notifyConfigShape` into its object and calls `checkNotifyReferences` from its
 * superRefine. Nothing here imports the config module: config will import this file, and a cycle
 * between the two would leave one side undefined at load time.
 *
 *   alerts:
 *     default_channels: [ops-en]
 *     routes:
 *       - matchers: ['severity="critical"']
 *         channels: [oncall]
 *         continue: true              # also try the routes below
 *       - matchers: ['component=~"identity-.*"', 'org!="kdca"']
 *         channels: [identity-ko]
 *         group_by: [alertname]       # default [alertname, component]; ['...'] = every label
 *         group_interval: 1m          # defaults: group_wait 0s, group_interval 30s, repeat_interval 1h
 *         mute_times: [nightly-batch]
 *     mute_times:
 *       - name: nightly-batch
 *         time_zone: Asia/Seoul       # default: the config's time_zone
 *         intervals:
 *           - weekdays: ['monday:friday']
 *             times: [{ start: '02:00', end: '04:00' }]
 *           - start: '2026-03-07T22:00:00+09:00'
 *             end: '2026-03-08T06:00:00+09:00'
 */

const id = z
	.string()
	.regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_" (e.g. "ops-slack")');

const DURATION = /^(\d+)(ms|s|m|h|d|w)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** "0s", "30s", "1h" -> ms; same units as the rest of the config file. */
export function durationToMs(text: string): number {
	const m = DURATION.exec(text);
	if (!m) throw new Error(`not a duration: "${text}"`);
	return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

const duration = z.string().regex(DURATION, 'a duration such as "0s", "30s", "5m", "1h"');

export const MatcherSchema = z.string().superRefine((text, ctx) => {
	try {
		parseMatcher(text);
	} catch (err) {
		if (!(err instanceof MatcherError)) throw err;
		ctx.addIssue({ code: 'custom', message: err.message });
	}
});

const timeZone = z.string().refine(isTimeZone, 'an IANA time zone such as "Asia/Seoul" or "UTC"');

export const RouteSchema = z.strictObject({
	/** Optional stable name; without it the route is known by its matchers (see routing.ts). */
	name: z.string().min(1).optional(),
	matchers: z.array(MatcherSchema).default([]),
	/** An empty list is allowed on purpose: a matching route with no channels drops the alert. */
	channels: z.array(id),
	/** `['...']` groups by every label, i.e. one message per alert. */
	group_by: z
		.array(z.string().min(1))
		.default(['alertname', 'component'])
		.refine((g) => !g.includes('...') || g.length === 1, '"..." means every label and must stand alone'),
	/** 0s: the first message leaves in the tick the first alert fires (breach-to-chat < 1 s). */
	group_wait: duration.default('0s'),
	group_interval: duration.default('30s'),
	repeat_interval: duration.default('1h'),
	mute_times: z.array(z.string().min(1)).default([]),
	continue: z.boolean().default(false)
});

const WEEKDAY = '(monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const TimeRangeSchema = z
	.strictObject({
		start: z.string().regex(HHMM, 'a local time "HH:MM", e.g. "02:00"'),
		end: z.string().regex(HHMM, 'a local time "HH:MM" (up to "24:00"), e.g. "04:00"')
	})
	.refine((t) => t.start < t.end, {
		message: 'end must be after start; to span midnight use two ranges, e.g. 22:00-24:00 and 00:00-02:00',
		path: ['end']
	});

export const TimeIntervalSchema = z
	.strictObject({
		/** 'monday:friday' (inclusive; may wrap, e.g. 'friday:monday') or a single day. */
		weekdays: z
			.array(z.string().regex(new RegExp(`^${WEEKDAY}(:${WEEKDAY})?$`), "a weekday or range, e.g. 'saturday', 'monday:friday'"))
			.optional(),
		times: z.array(TimeRangeSchema).optional(),
		/** Absolute bounds; an offset is required so the instant is unambiguous. */
		start: z.iso.datetime({ offset: true }).optional(),
		end: z.iso.datetime({ offset: true }).optional()
	})
	.refine((i) => i.weekdays || i.times || i.start || i.end, {
		message: 'give at least one of weekdays, times, start, end (an empty interval would mute forever)'
	})
	.refine((i) => !i.start || !i.end || Date.parse(i.start) < Date.parse(i.end), {
		message: 'end must be after start',
		path: ['end']
	});

export const MuteTimeSchema = z.strictObject({
	name: z.string().min(1),
	/** Default: the config's `time_zone`. */
	time_zone: timeZone.optional(),
	intervals: z.array(TimeIntervalSchema).min(1)
});

export const notifyConfigShape = {
	routes: z.array(RouteSchema).default([]),
	mute_times: z.array(MuteTimeSchema).default([]),
	/** Where an alert goes when no route matches (Alertmanager's root receiver). */
	default_channels: z.array(id).default([])
};

export const NotifyConfigSchema = z.strictObject(notifyConfigShape).superRefine(checkNotifyReferences);

export type Route = z.output<typeof RouteSchema>;
export type RouteInput = z.input<typeof RouteSchema>;
export type MuteTime = z.output<typeof MuteTimeSchema>;
export type MuteTimeInput = z.input<typeof MuteTimeSchema>;
export type TimeInterval = z.output<typeof TimeIntervalSchema>;
export type NotifyConfig = z.output<typeof NotifyConfigSchema>;

/** Mute time names unique, and every route's mute_times naming one that exists. */
export function checkNotifyReferences(
	cfg: { routes: Route[]; mute_times: MuteTime[] },
	ctx: z.RefinementCtx
): void {
	const names = new Set<string>();
	cfg.mute_times.forEach((mt, i) => {
		if (names.has(mt.name))
			ctx.addIssue({ code: 'custom', path: ['mute_times', i, 'name'], message: `duplicate mute time "${mt.name}"` });
		names.add(mt.name);
	});
	cfg.routes.forEach((r, i) =>
		r.mute_times.forEach((n, j) => {
			if (!names.has(n))
				ctx.addIssue({
					code: 'custom',
					path: ['routes', i, 'mute_times', j],
					message: `unknown mute time "${n}" (declare it under alerts.mute_times)`
				});
		})
	);
}

/** Epoch ms, or an ISO timestamp with offset (what a browser's `toISOString()` gives). */
const instant = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

const silenceFields = {
	matchers: z.array(MatcherSchema).min(1, 'give at least one matcher, e.g. component="identity-naver"'),
	startsAt: instant,
	endsAt: instant,
	createdBy: z.string().trim().min(1, 'say who creates the silence'),
	comment: z.string().trim().min(1, 'say why: the comment is shown next to every alert the silence hides')
};

type SilenceFields = { matchers: string[]; startsAt: number; endsAt: number };

// A stored silence may have endsAt == startsAt: expiring a pending one ends it before it began.
function refineSilence<T extends z.ZodType<SilenceFields>>(schema: T, stored: boolean) {
	return schema
		.refine((s) => (stored ? s.endsAt >= s.startsAt : s.endsAt > s.startsAt), {
			message: 'endsAt must be after startsAt',
			path: ['endsAt']
		})
		.refine((s) => s.matchers.some(requiresValue), {
			// Alertmanager's rule: a silence whose matchers all match an empty label set would hide every alert.
			message: 'at least one matcher must require a non-empty label value; this silence would hide every alert',
			path: ['matchers']
		});
}

/** What POST /api/silences accepts. */
export const SilenceInputSchema = refineSilence(z.strictObject(silenceFields), false);
/** A stored silence (snapshot files). */
export const SilenceSchema = refineSilence(z.strictObject({ id: z.string().min(1), ...silenceFields }), true);

export type SilenceInput = z.input<typeof SilenceInputSchema>;
export type Silence = z.output<typeof SilenceSchema>;

/** `alerts.routes[0].matchers[1]: bad matcher ...`: the key path a person can find in the YAML. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
	return issues.map((i) => {
		const path = i.path.reduce<string>(
			(acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
			prefix
		);
		return `${path || '(top level)'}: ${i.message}`;
	});
}

function requiresValue(text: string): boolean {
	try {
		return !matches(parseMatcher(text), {});
	} catch {
		return true; // already reported by MatcherSchema
	}
}

function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}
