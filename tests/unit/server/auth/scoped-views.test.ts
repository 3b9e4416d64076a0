import { describe, expect, it } from 'vitest';
import { alertInScope, scopeBoard, scopeBoardList, scopePipeline, scopeRows, scopeSummary, silenceInScope, viewScope } from '../../../../src/lib/server/auth/index.ts';
import type { Board } from '../../../../src/lib/protocol/boards.ts';
import type { PipelineState, StageState } from '../../../../src/lib/protocol/pipeline.ts';
import type { AlertView } from '../../../../src/lib/protocol/alerts.ts';

const owners = new Map([
	['ca', 'a'],
	['cb', 'b'],
	['cc', 'c']
]);
const scope = viewScope({ name: 'a-viewer', role: 'viewer', orgs: new Set(['a']), components: new Set(['cc']) }, owners)!;
const s = (component: string) => ({ component, measurement: 'traffic', field: 'rps' });

const board: Board = {
	id: 'overview',
	title: 'Overview',
	rows: [
		{ panels: [{ type: 'stat', id: 't-ca', title: 'CA', series: s('ca') }, { type: 'stat', id: 't-cb', title: 'CB', series: s('cb') }] },
		{ panels: [{ type: 'chart', id: 'rps', title: 'rps', series: [s('ca'), s('cb'), s('cc')] }] },
		{ panels: [{ type: 'chart', id: 'b-only', title: 'b', series: [s('cb')] }] }
	]
};

const stage = (id: string, components: string[]): StageState => ({ id, name: id, kind: 'service', components, inflowPerS: 1, outflowPerS: 1, queueLength: null, queueGrowthPerS: null, utilisation: null, headroomPerS: null, waitS: null, drainS: null, fullInS: null, errorRatio: null, p95Ms: null, pressure: 1, status: 'ok', summary: '' });
const alert = (component: string | null, labels: Record<string, string> = {}): AlertView => ({ id: `r|${component}`, rule: 'r', labels, severity: 'critical', status: 'firing', component, value: 1, threshold: 0, summary: { en: '', ko: '' }, pendingSince: null, firingSince: 1, resolvedAt: null, ack: null, silenced: false });

describe('a scoped viewer sees only its components', () => {
	it('on boards: out-of-scope tiles and series go, and so do rows left empty', () => {
		const cut = scopeBoard(board, scope)!;
		expect(cut.rows.map((r) => r.panels.map((p) => p.id))).toEqual([['t-ca'], ['rps']]);
		expect(cut.rows[1].panels[0].type === 'chart' && cut.rows[1].panels[0].series.map((x) => x.component)).toEqual(['ca', 'cc']);
		expect(scopeBoard({ ...board, rows: [board.rows[2]] }, scope)).toBeNull();
		expect(scopeBoard(board, null)).toBe(board);
	});

	it('in the board list, with panel counts of what is left', () => {
		const list = scopeBoardList([{ id: 'overview', title: 'O', panels: 4 }, { id: 'b', title: 'B', panels: 1 }], (id) => (id === 'overview' ? board : { ...board, id: 'b', rows: [board.rows[2]] }), scope);
		expect(list).toEqual([{ id: 'overview', title: 'O', panels: 2 }]);
	});

	it('in the pipeline: stages with its components, the verdict only when the stage is one of them', () => {
		const state: PipelineState = { time: 1, stages: [stage('s1', ['ca', 'cb']), stage('s2', ['cb'])], bottleneck: 's2', reason: 'cb is slow', reasonKo: 'cb', since: 1 };
		const cut = scopePipeline(state, scope);
		expect(cut.stages.map((x) => [x.id, x.components])).toEqual([['s1', ['ca']]]);
		expect(cut).toMatchObject({ bottleneck: null, reason: null });
		expect(scopePipeline({ ...state, bottleneck: 's1' }, scope)).toMatchObject({ bottleneck: 's1', reason: 'cb is slow' });
	});

	it('in alerts, the alert summary and silences', () => {
		expect(alertInScope(alert('ca'), scope)).toBe(true);
		expect(alertInScope(alert('cb'), scope)).toBe(false);
		expect(alertInScope(alert(null, { component: 'cc' }), scope)).toBe(true);
		expect(alertInScope(alert(null), scope)).toBe(false);
		expect(scopeSummary({ time: 1, firing: 2, critical: 2, alerts: [alert('ca'), alert('cb')] }, scope)).toMatchObject({ firing: 1, critical: 1, alerts: [{ component: 'ca' }] });
		expect(silenceInScope(['component="ca"', 'severity="critical"'], scope)).toBe(true);
		expect(silenceInScope(['component="cb"'], scope)).toBe(false);
		expect(silenceInScope(['component=~"c.*"'], scope)).toBe(false);
	});

	it('in latest values', () => {
		const row = (id: string) => ({ id, name: id, org: owners.get(id)!, stage: 's', instances: 1, values: {}, lastSeenMs: null });
		expect(scopeRows([row('ca'), row('cb'), row('cc')], scope).map((r) => r.id)).toEqual(['ca', 'cc']);
	});
});
