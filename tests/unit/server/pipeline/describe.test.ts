import { describe, expect, it } from 'vitest';
import type { AnalysedStage } from '../../../../src/lib/server/pipeline/analyse.ts';
import { duration, reasonFor, summarise } from '../../../../src/lib/server/pipeline/describe.ts';

function stage(over: Partial<AnalysedStage> & Pick<AnalysedStage, 'id' | 'name' | 'kind'>): AnalysedStage {
	return {
		components: [],
		inflowPerS: null,
		outflowPerS: null,
		queueLength: null,
		queueGrowthPerS: null,
		utilisation: null,
		headroomPerS: null,
		waitS: null,
		drainS: null,
		fullInS: null,
		errorRatio: null,
		p95Ms: null,
		pressure: 0,
		growing: false,
		overflowing: false,
		silentForS: 0,
		pressureFrom: null,
		...over
	};
}

// The 2021 jam: the waiting room fills in front of identity verification, the API behind it idles.
const jam = [
	stage({ id: 'waiting', name: 'Waiting room', kind: 'queue', outflowPerS: 5400, queueLength: 120_000, queueGrowthPerS: 1200, growing: true, waitS: 420, fullInS: 300 }),
	stage({ id: 'identity', name: 'Identity verification', kind: 'service', outflowPerS: 5400, utilisation: 0.98, p95Ms: 3200, pressure: 1.4, pressureFrom: 'queue-before' }),
	stage({ id: 'api', name: 'Reservation API', kind: 'service', outflowPerS: 5300, utilisation: 0.35, p95Ms: 180 })
];

describe('summarise', () => {
	it('keeps the English summary as before', () => {
		expect(summarise(jam[0])).toBe('Waiting room: outflow 5,400/s, 120,000 waiting, queue +1,200/s, est. wait 7 min, full in 5 min');
	});

	it('says the same in Korean, with the stage name as configured', () => {
		expect(summarise(jam[0], 'ko')).toBe('Waiting room: 처리 5,400/초, 대기 120,000명, 대기열 +1,200/초, 예상 대기 7분, 5분 후 포화');
		expect(summarise(jam[1], 'ko')).toBe('Identity verification: 처리 5,400/초 (용량의 98%), p95 3,200 ms');
	});

	it('says a silent stage has no data, in both languages', () => {
		const silent = stage({ id: 'x', name: 'Database', kind: 'service', silentForS: 45, pressureFrom: 'down' });
		expect(summarise(silent)).toBe('Database: no data for 45 s');
		expect(summarise(silent, 'ko')).toBe('Database: 45초째 데이터 없음');
		expect(summarise(stage({ id: 'y', name: 'CDN', kind: 'service', silentForS: null }), 'ko')).toBe('CDN: 아직 데이터 없음');
	});
});

describe('reasonFor', () => {
	it('names the queue in front and the idle stage behind, in English', () => {
		expect(reasonFor(jam, 'identity')).toBe(
			'Identity verification: outflow 5,400/s at 98% of capacity, p95 3,200 ms (people pile up in waiting room in front of it); waiting room +1,200/s, full in 5 min; reservation api idle at 35%'
		);
	});

	it('and in Korean', () => {
		expect(reasonFor(jam, 'identity', 'ko')).toBe(
			'Identity verification: 처리 5,400/초 (용량의 98%), p95 3,200 ms (앞 단계 Waiting room에 사람이 쌓임); Waiting room +1,200/초, 5분 후 포화; Reservation API 여유 (가동률 35%)'
		);
	});
});

describe('duration', () => {
	const cases: [number, string, string][] = [
		[42, '42 s', '42초'],
		[420, '7 min', '7분'],
		[9000, '2.5 h', '2.5시간'],
		[Infinity, 'never at this rate', '현재 추세로는 도달하지 않음']
	];
	it.each(cases)('%s s is "%s" and "%s"', (s, en, ko) => {
		expect(duration(s)).toBe(en);
		expect(duration(s, 'ko')).toBe(ko);
	});
});
