import type { MuteTime, TimeInterval } from './schema.ts';

/**
 * Named time intervals during which a route sends nothing (Alertmanager's mute_time_intervals):
 * "weekdays 02:00-04:00 Asia/Seoul" for a maintenance window, or an absolute range for one night.
 * Within one interval every given field must hold; a mute time holds when any of its intervals does.
 * Local weekday and time come from Intl.DateTimeFormat, so DST zones work without a tz library.
 */

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const SHORT_TO_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

interface LocalTime {
	/** 0 = Monday ... 6 = Sunday. */
	weekday: number;
	/** Minutes since local midnight. */
	minute: number;
}

interface CompiledInterval {
	days: Set<number> | null;
	/** [start, end) in minutes since local midnight. */
	ranges: [number, number][] | null;
	startMs: number;
	endMs: number;
}

interface CompiledMuteTime {
	timeZone: string;
	intervals: CompiledInterval[];
}

export class MuteTimes {
	readonly #byName = new Map<string, CompiledMuteTime>();

	constructor(list: readonly MuteTime[], defaultTimeZone: string) {
		for (const mt of list)
			this.#byName.set(mt.name, { timeZone: mt.time_zone ?? defaultTimeZone, intervals: mt.intervals.map(compileInterval) });
	}

	has(name: string): boolean {
		return this.#byName.has(name);
	}

	/** True when `at` falls inside the named mute time; an unknown name never mutes. */
	isActive(name: string, at: number): boolean {
		const mt = this.#byName.get(name);
		if (!mt) return false;
		const local = localTime(at, mt.timeZone);
		return mt.intervals.some((i) => inInterval(i, at, local));
	}

	/** True when any of the names is active at `at`. */
	anyActive(names: readonly string[], at: number): boolean {
		return names.some((n) => this.isActive(n, at));
	}
}

/** One-off check without building a MuteTimes (tests, the API's "is it muted now?"). */
export function isInMuteTime(mt: MuteTime, at: number, defaultTimeZone: string): boolean {
	return new MuteTimes([mt], defaultTimeZone).isActive(mt.name, at);
}

function compileInterval(i: TimeInterval): CompiledInterval {
	return {
		days: i.weekdays ? new Set(i.weekdays.flatMap(expandWeekdays)) : null,
		ranges: i.times ? i.times.map((t) => [toMinute(t.start), toMinute(t.end)]) : null,
		startMs: i.start ? Date.parse(i.start) : -Infinity,
		endMs: i.end ? Date.parse(i.end) : Infinity
	};
}

function inInterval(i: CompiledInterval, at: number, local: LocalTime): boolean {
	if (at < i.startMs || at >= i.endMs) return false;
	if (i.days && !i.days.has(local.weekday)) return false;
	if (i.ranges && !i.ranges.some(([s, e]) => local.minute >= s && local.minute < e)) return false;
	return true;
}

/** 'friday:monday' wraps over the weekend (Alertmanager rejects it; writing it out is what people mean). */
function expandWeekdays(spec: string): number[] {
	const [from, to = from] = spec.split(':').map((d) => WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number]));
	const days: number[] = [];
	for (let d = from; ; d = (d + 1) % 7) {
		days.push(d);
		if (d === to) return days;
	}
}

function toMinute(hhmm: string): number {
	return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

// Building a DateTimeFormat costs tens of microseconds; one per zone is reused every tick.
const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(at: number, timeZone: string): LocalTime {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
		formatters.set(timeZone, f);
	}
	let weekday = 0;
	let hour = 0;
	let minute = 0;
	for (const p of f.formatToParts(at)) {
		if (p.type === 'weekday') weekday = SHORT_TO_INDEX[p.value];
		else if (p.type === 'hour') hour = Number(p.value);
		else if (p.type === 'minute') minute = Number(p.value);
	}
	return { weekday, minute: hour * 60 + minute };
}
