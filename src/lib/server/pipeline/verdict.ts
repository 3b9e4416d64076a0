/**
 * Which stage is the bottleneck, with hysteresis so the answer does not flap from tick to tick:
 * a stage must stay over the entry pressure for a few ticks to be named, a challenger must beat
 * the named stage clearly for a few ticks to replace it, and the verdict clears only after the
 * pressure has stayed low for a while. A stage going down is named at once.
 */
export interface Verdict {
	stage: string | null;
	since: number | null;
}

export const ENTER_PRESSURE = 0.95;
export const EXIT_PRESSURE = 0.85;
const ENTER_TICKS = 2;
const SWITCH_TICKS = 3;
const SWITCH_MARGIN = 1.25;
const EXIT_TICKS = 5;
const DOWN_PRESSURE = 21;

export class VerdictKeeper {
	private current: string | null = null;
	private since: number | null = null;
	private candidate: string | null = null;
	private candidateTicks = 0;
	private lowTicks = 0;

	update(pressures: { id: string; pressure: number }[], time: number): Verdict {
		const top = pressures.reduce<{ id: string; pressure: number } | null>((best, s) => (best === null || s.pressure > best.pressure ? s : best), null);
		const mine = pressures.find((s) => s.id === this.current);

		if (top && top.pressure >= DOWN_PRESSURE && top.id !== this.current) return this.name(top.id, time);

		if (this.current === null) {
			if (!top || top.pressure < ENTER_PRESSURE) return this.hold(null);
			return this.count(top.id, ENTER_TICKS, time);
		}
		if (!mine || mine.pressure < EXIT_PRESSURE) {
			if (++this.lowTicks >= EXIT_TICKS) {
				this.current = null;
				this.since = null;
				this.lowTicks = 0;
				this.candidate = null;
				// The flow may already be limited elsewhere: let that stage start its own count.
				if (top && top.pressure >= ENTER_PRESSURE) return this.count(top.id, ENTER_TICKS, time);
			}
			return this.verdict();
		}
		this.lowTicks = 0;
		if (top && top.id !== this.current && top.pressure > mine.pressure * SWITCH_MARGIN) return this.count(top.id, SWITCH_TICKS, time);
		return this.hold(this.current);
	}

	private count(id: string, ticks: number, time: number): Verdict {
		if (this.candidate === id) this.candidateTicks++;
		else {
			this.candidate = id;
			this.candidateTicks = 1;
		}
		if (this.candidateTicks >= ticks) return this.name(id, time);
		return this.verdict();
	}

	private name(id: string, time: number): Verdict {
		this.current = id;
		this.since = time;
		this.candidate = null;
		this.candidateTicks = 0;
		this.lowTicks = 0;
		return this.verdict();
	}

	private hold(id: string | null): Verdict {
		if (this.candidate !== id) {
			this.candidate = null;
			this.candidateTicks = 0;
		}
		return this.verdict();
	}

	private verdict(): Verdict {
		return { stage: this.current, since: this.since };
	}
}
