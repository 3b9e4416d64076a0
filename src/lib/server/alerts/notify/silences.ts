import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Labels } from '../types.ts';
import { matchesAll, parseMatchers, type Matcher } from './matchers.ts';
import { describeIssues, SilenceInputSchema, SilenceSchema, type Silence } from './schema.ts';

export type SilenceState = 'pending' | 'active' | 'expired';
export type SilenceView = Silence & { state: SilenceState };

/** Alertmanager keeps expired silences five days (`--data.retention=120h`) so people can see what was hidden. */
export const EXPIRED_RETENTION_MS = 5 * 86_400_000;

export class SilenceError extends Error {
	constructor(readonly issues: string[]) {
		super(`invalid silence: ${issues.join('; ')}`);
		this.name = 'SilenceError';
	}
}

export function silenceState(s: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
	if (now < s.startsAt) return 'pending';
	return now < s.endsAt ? 'active' : 'expired';
}

interface Entry {
	silence: Silence;
	matchers: Matcher[];
}

/** Runtime silences: created and expired through the API, kept across restarts by snapshot(). */
export class SilenceStore {
	readonly #entries = new Map<string, Entry>();
	readonly #newId: () => string;

	constructor(newId: () => string = randomUUID) {
		this.#newId = newId;
	}

	/** Validates API input; returns the new silence's id. */
	add(input: unknown, now: number): string {
		const parsed = SilenceInputSchema.safeParse(input);
		if (!parsed.success) throw new SilenceError(describeIssues(parsed.error.issues));
		if (parsed.data.endsAt <= now) throw new SilenceError(['endsAt: is in the past; a silence must end in the future']);
		const silence: Silence = { id: this.#newId(), ...parsed.data };
		this.#put(silence);
		return silence.id;
	}

	/** Ends a silence now; a pending one is ended before it starts. False when unknown or already expired. */
	expire(id: string, now: number): boolean {
		const e = this.#entries.get(id);
		if (!e || silenceState(e.silence, now) === 'expired') return false;
		const startsAt = Math.min(e.silence.startsAt, now);
		e.silence = { ...e.silence, startsAt, endsAt: now };
		return true;
	}

	get(id: string, now: number): SilenceView | undefined {
		const e = this.#entries.get(id);
		return e && { ...e.silence, state: silenceState(e.silence, now) };
	}

	list(now: number, state?: SilenceState): SilenceView[] {
		const out: SilenceView[] = [];
		for (const { silence } of this.#entries.values()) {
			const s = silenceState(silence, now);
			if (!state || s === state) out.push({ ...silence, state: s });
		}
		return out.sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id));
	}

	/** Ids of the active silences whose matchers all match these labels. */
	silencedBy(labels: Labels, now: number): string[] {
		const ids: string[] = [];
		for (const { silence, matchers } of this.#entries.values())
			if (silenceState(silence, now) === 'active' && matchesAll(matchers, labels)) ids.push(silence.id);
		return ids;
	}

	isSilenced(labels: Labels, now: number): boolean {
		for (const { silence, matchers } of this.#entries.values())
			if (silenceState(silence, now) === 'active' && matchesAll(matchers, labels)) return true;
		return false;
	}

	/** Forgets silences expired longer than `retentionMs` ago; returns how many. */
	purge(now: number, retentionMs = EXPIRED_RETENTION_MS): number {
		let n = 0;
		for (const [id, { silence }] of this.#entries)
			if (silence.endsAt + retentionMs <= now) {
				this.#entries.delete(id);
				n++;
			}
		return n;
	}

	snapshot(): Silence[] {
		return [...this.#entries.values()].map((e) => ({ ...e.silence }));
	}

	restore(data: unknown): void {
		const parsed = z.array(SilenceSchema).safeParse(data);
		if (!parsed.success) throw new SilenceError(describeIssues(parsed.error.issues, 'silences'));
		this.#entries.clear();
		for (const s of parsed.data) this.#put(s);
	}

	#put(silence: Silence): void {
		this.#entries.set(silence.id, { silence, matchers: parseMatchers(silence.matchers) });
	}
}
