import { describe, expect, it } from 'vitest';
import { allBoards, boardSeries, resolveBoard } from '../../../../src/lib/server/boards/index.ts';
import { parseConfig } from '../../../../src/lib/server/config/index.ts';

const config = parseConfig(`
orgs: [{ id: o, name: O }]
pipeline: { stages: [{ id: landing, name: Landing }, { id: identity, name: Identity }, { id: wait, name: Waiting room, kind: queue }] }
components:
  - { id: cdn, name: CDN, org: o, stage: landing, capacity: { rps: 10000 } }
  - { id: idp-a, name: IdP A, org: o, stage: identity, capacity: { rps: 2000 } }
  - { id: idp-b, name: IdP B, org: o, stage: identity, capacity: { rps: 3000 } }
  - { id: wr, name: Waiting room, org: o, stage: wait, capacity: { queue_length: 1000000 } }
boards:
  - id: custom
    title: Custom
    rows: [{ panels: [{ type: chart, title: Identity rps, metric: traffic.rps, stage: identity }] }]
`);

describe('boards from the config alone', () => {
	const boards = allBoards(config, config.boards);

	it('generates an overview and one board per stage, then the declared ones', () => {
		expect(boards.map((b) => b.id)).toEqual(['overview', 'stage-landing', 'stage-identity', 'stage-wait', 'custom']);
	});

	it('gives the overview a tile per component, queue length for a waiting room, with capacity thresholds', () => {
		const overview = resolveBoard(config, boards[0]);
		const tiles = overview.rows[0].panels;
		expect(tiles.map((t) => t.type === 'stat' && `${t.series.component}:${t.series.measurement}.${t.series.field}`)).toEqual([
			'cdn:traffic.rps',
			'idp-a:traffic.rps',
			'idp-b:traffic.rps',
			'wr:queue.length'
		]);
		expect(tiles[1].thresholds).toEqual([
			{ value: 1600, level: 'warning', direction: 'above' },
			{ value: 1900, level: 'critical', direction: 'above' }
		]);
	});

	it('resolves a stage chart to the components of that stage', () => {
		const custom = resolveBoard(config, boards[4]);
		const panel = custom.rows[0].panels[0];
		expect(panel.type === 'chart' && panel.series.map((s) => s.component)).toEqual(['idp-a', 'idp-b']);
	});

	it('lets a declared board replace a generated one of the same id', () => {
		const replaced = allBoards(config, [{ id: 'overview', title: 'Mine', rows: [{ panels: [{ type: 'stat', title: 'x', metric: 'traffic.rps', component: 'cdn' }] }] }]);
		expect(replaced[0].title).toBe('Mine');
		expect(replaced).toHaveLength(4);
	});

	it('lists each series a board shows once, for its socket subscription', () => {
		const overview = resolveBoard(config, boards[0]);
		const series = boardSeries(overview);
		expect(new Set(series.map((s) => `${s.component}/${s.measurement}.${s.field}`)).size).toBe(series.length);
		expect(series).toContainEqual({ component: 'wr', measurement: 'queue', field: 'length' });
	});
});
