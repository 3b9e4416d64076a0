import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../../src/lib/server/config/index.ts';
import { findPlaylist, wallPlaylists } from '../../../../src/lib/server/wall/index.ts';

const base = `
orgs: [{ id: kdca, name: KDCA, kind: public }]
pipeline: { stages: [{ id: landing, name: Landing }, { id: identity, name: Identity }] }
components: [{ id: cdn, name: CDN, org: kdca, stage: landing }]
boards:
  - id: surge
    title: Surge
    rows: [{ panels: [{ type: chart, title: rps, metric: traffic.rps }] }]
`;

function problems(text: string): string[] {
	try {
		parseConfig(text);
	} catch (err) {
		if (err instanceof ConfigError) return err.problems;
		throw err;
	}
	return [];
}

describe('wall config', () => {
	it('makes a default playlist from the catalogue: overview, pipeline, each stage, 20 s each', () => {
		const lists = wallPlaylists(parseConfig(base));
		expect(lists.map((p) => p.id)).toEqual(['default']);
		expect(lists[0].boards).toEqual([
			{ board: 'overview', seconds: 20 },
			{ board: 'pipeline', seconds: 20 },
			{ board: 'stage-landing', seconds: 20 },
			{ board: 'stage-identity', seconds: 20 }
		]);
		expect(lists[0].pause_on_critical).toBe(true);
	});

	it('takes declared playlists with defaults filled, and keeps a declared default', () => {
		const cfg = parseConfig(`${base}wall:\n  playlists:\n    - { id: ops, boards: [{ board: surge }, { board: pipeline, seconds: 5 }], pause_on_critical: false }\n`);
		expect(wallPlaylists(cfg).map((p) => p.id)).toEqual(['default', 'ops']);
		expect(findPlaylist(cfg, 'ops')).toMatchObject({ boards: [{ board: 'surge', seconds: 20 }, { board: 'pipeline', seconds: 5 }], pause_on_critical: false });
		const own = parseConfig(`${base}wall:\n  playlists:\n    - { id: default, boards: [{ board: stage-identity }] }\n`);
		expect(wallPlaylists(own).map((p) => p.boards.map((b) => b.board))).toEqual([['stage-identity']]);
		expect(findPlaylist(own, 'nope')).toBeNull();
	});

	const bad: [string, string, string][] = [
		['an unknown board', '{ id: a, boards: [{ board: stage-db }] }', 'wall.playlists[0].boards[0].board: unknown board "stage-db" (one of: pipeline, overview, stage-landing, stage-identity, surge)'],
		['a duplicate playlist id', '{ id: a, boards: [{ board: overview }] }\n    - { id: a, boards: [{ board: overview }] }', 'wall.playlists[1].id: duplicate playlist id "a"'],
		['an empty playlist', '{ id: a, boards: [] }', 'wall.playlists[0].boards: a playlist needs at least one board'],
		['a fractional interval', '{ id: a, boards: [{ board: overview, seconds: 2.5 }] }', 'wall.playlists[0].boards[0].seconds: whole seconds'],
		['an unknown key', '{ id: a, boards: [{ board: overview }], interval: 5 }', 'wall.playlists[0]: Unrecognized key'],
		['a bad id', '{ id: Ops Room, boards: [{ board: overview }] }', 'wall.playlists[0].id: use lower-case']
	];
	it.each(bad)('reports %s with the path of the bad key', (_name, playlist, expected) => {
		const list = problems(`${base}wall:\n  playlists:\n    - ${playlist}\n`);
		expect(list.join('\n')).toContain(expected);
	});
});
