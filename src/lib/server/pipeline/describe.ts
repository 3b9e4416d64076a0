import type { StageStatus } from '../../protocol/pipeline.ts';
import type { AnalysedStage } from './analyse.ts';
import { EXIT_PRESSURE } from './verdict.ts';

/**
 * Stage summaries and the bottleneck's reason, in words a room of people can act on: in English
 * and in Korean, for the joint team's two languages (the browser shows the one of the page).
 * Stage names stay as configured.
 */
export type Language = 'en' | 'ko';

type PressureFrom = NonNullable<AnalysedStage['pressureFrom']>;

interface Words {
	num: Intl.NumberFormat;
	perS: (v: string) => string;
	never: string;
	s: (n: number) => string;
	min: (n: number) => string;
	h: (n: string) => string;
	noDataYet: string;
	noDataFor: (d: string) => string;
	outflow: (rate: string, capacity: string | null) => string;
	waiting: (n: string) => string;
	growth: (kind: 'queue' | 'backlog', rate: string) => string;
	wait: (d: string) => string;
	fullIn: (d: string) => string;
	emptyIn: (d: string) => string;
	errors: (pct: string) => string;
	p95: (ms: string) => string;
	idle: string;
	/** Why the stage holds the flow back; `before` is the stage in front of it, as named in running text. */
	why: (from: PressureFrom, before: string | null) => string;
	idleAt: (name: string, pct: string) => string;
	stageInText: (name: string) => string;
}

const WORDS: Record<Language, Words> = {
	en: {
		num: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
		perS: (v) => `${v}/s`,
		never: 'never at this rate',
		s: (n) => `${n} s`,
		min: (n) => `${n} min`,
		h: (n) => `${n} h`,
		noDataYet: 'no data yet',
		noDataFor: (d) => `no data for ${d}`,
		outflow: (rate, capacity) => `outflow ${rate}${capacity !== null ? ` at ${capacity} of capacity` : ''}`,
		waiting: (n) => `${n} waiting`,
		growth: (kind, rate) => `${kind} ${rate}`,
		wait: (d) => `est. wait ${d}`,
		fullIn: (d) => `full in ${d}`,
		emptyIn: (d) => `empty in ${d}`,
		errors: (p) => `${p} errors`,
		p95: (ms) => `p95 ${ms} ms`,
		idle: 'idle',
		why: (from, before) =>
			({
				utilisation: 'at capacity',
				backlog: 'cannot keep up, its backlog grows',
				'queue-before': `people pile up in ${before ?? 'the queue'} in front of it`,
				errors: 'errors throttle the flow',
				overflow: 'full, turning people away',
				down: 'stopped reporting'
			})[from],
		idleAt: (name, p) => `${name} idle at ${p}`,
		stageInText: (name) => name.toLowerCase()
	},
	ko: {
		num: new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 0 }),
		perS: (v) => `${v}/초`,
		never: '현재 추세로는 도달하지 않음',
		s: (n) => `${n}초`,
		min: (n) => `${n}분`,
		h: (n) => `${n}시간`,
		noDataYet: '아직 데이터 없음',
		noDataFor: (d) => `${d}째 데이터 없음`,
		outflow: (rate, capacity) => `처리 ${rate}${capacity !== null ? ` (용량의 ${capacity})` : ''}`,
		waiting: (n) => `대기 ${n}명`,
		growth: (kind, rate) => `${kind === 'queue' ? '대기열' : '적체'} ${rate}`,
		wait: (d) => `예상 대기 ${d}`,
		fullIn: (d) => `${d} 후 포화`,
		emptyIn: (d) => `${d} 후 해소`,
		errors: (p) => `오류 ${p}`,
		p95: (ms) => `p95 ${ms} ms`,
		idle: '유휴',
		why: (from, before) =>
			({
				utilisation: '용량 한계',
				backlog: '처리가 밀려 적체 증가',
				'queue-before': `앞 단계 ${before ?? '대기열'}에 사람이 쌓임`,
				errors: '오류로 흐름이 막힘',
				overflow: '가득 차서 사람들을 돌려보내는 중',
				down: '보고 중단'
			})[from],
		idleAt: (name, p) => `${name} 여유 (가동률 ${p})`,
		stageInText: (name) => name
	}
};

const pct = (x: number) => `${Math.round(x * 100)}%`;
const perS = (x: number, w: Words) => w.perS(w.num.format(x));
const signed = (x: number, w: Words) => w.perS(`${x >= 0 ? '+' : '−'}${w.num.format(Math.abs(x))}`);

export function duration(s: number, lang: Language = 'en'): string {
	const w = WORDS[lang];
	if (!Number.isFinite(s)) return w.never;
	if (s < 90) return w.s(Math.round(s));
	if (s < 5400) return w.min(Math.round(s / 60));
	return w.h((s / 3600).toFixed(1));
}

export function statusOf(s: AnalysedStage, bottleneck: string | null): StageStatus {
	if (s.silentForS === null) return 'no-data';
	if (s.pressureFrom === 'down') return 'down';
	if (s.id === bottleneck) return 'bottleneck';
	if (s.pressure >= EXIT_PRESSURE || (s.errorRatio ?? 0) >= 0.02 || s.growing) return 'strained';
	return 'ok';
}

/** "Identity verification: outflow 5,400/s at 98% of capacity, queue +1,200/s, est. wait 7 min" */
export function summarise(s: AnalysedStage, lang: Language = 'en'): string {
	const w = WORDS[lang];
	if (s.silentForS === null) return `${s.name}: ${w.noDataYet}`;
	if (s.pressureFrom === 'down') return `${s.name}: ${w.noDataFor(duration(s.silentForS, lang))}`;
	const parts: string[] = [];
	if (s.outflowPerS !== null) parts.push(w.outflow(perS(s.outflowPerS, w), s.utilisation !== null ? pct(s.utilisation) : null));
	if (s.kind === 'queue' && s.queueLength !== null) parts.push(w.waiting(w.num.format(s.queueLength)));
	if (s.queueGrowthPerS !== null && (s.growing || (s.drainS !== null && s.kind === 'queue'))) {
		parts.push(w.growth(s.kind === 'queue' ? 'queue' : 'backlog', signed(s.queueGrowthPerS, w)));
	}
	if (s.waitS !== null && s.waitS > 0) parts.push(w.wait(duration(s.waitS, lang)));
	if (s.fullInS !== null) parts.push(w.fullIn(duration(s.fullInS, lang)));
	if (s.drainS !== null && s.kind === 'queue') parts.push(w.emptyIn(duration(s.drainS, lang)));
	if (s.errorRatio !== null && s.errorRatio >= 0.01) parts.push(w.errors(pct(s.errorRatio)));
	if (s.p95Ms !== null && s.kind === 'service') parts.push(w.p95(w.num.format(s.p95Ms)));
	return `${s.name}: ${parts.join(', ') || w.idle}`;
}

/** The verdict's reason: the named stage in full, then what it does to the stages around it. */
export function reasonFor(stages: AnalysedStage[], id: string, lang: Language = 'en'): string {
	const w = WORDS[lang];
	const k = stages.findIndex((s) => s.id === id);
	const s = stages[k];
	const before = stages[k - 1];
	let text = `${summarise(s, lang)} (${w.why(s.pressureFrom ?? 'utilisation', before ? w.stageInText(before.name) : null)})`;
	if (s.pressureFrom === 'queue-before' && before?.queueGrowthPerS != null) {
		text += `; ${w.stageInText(before.name)} ${signed(before.queueGrowthPerS, w)}${before.fullInS !== null ? `, ${w.fullIn(duration(before.fullInS, lang))}` : ''}`;
	}
	const after = stages.slice(k + 1).filter((x) => x.utilisation !== null && x.silentForS !== null);
	const idle = after.find((x) => (x.utilisation ?? 1) < 0.6);
	if (idle) text += `; ${w.idleAt(w.stageInText(idle.name), pct(idle.utilisation!))}`;
	return text;
}
